namespace OrleansKombo.Grains.Kombo;

/// <summary>The <c>Kombo</c> configuration section (CONTRACT.md §1).</summary>
public sealed class KomboOptions
{
    public const string Section = "Kombo";

    public string BaseUrl { get; set; } = "https://api.kombo.dev/v1";

    public string? ApiKey { get; set; }

    /// <summary>Kombo's limit on write calls in flight per integration.</summary>
    public int MaxConcurrentWrites { get; set; } = 30;

    /// <summary>What is wrong with these settings, naming the key, or null when they are usable.</summary>
    public string? Problem()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
        {
            return $"{Section}:BaseUrl must be an absolute http(s) URL ending in /v1, not '{BaseUrl}'.";
        }
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            return $"{Section}:ApiKey is not set (env Kombo__ApiKey); ./run.sh starts the bundled sandbox when you have none.";
        }
        if (MaxConcurrentWrites is < 1 or > 30)
        {
            return $"{Section}:MaxConcurrentWrites must be from 1 to 30 (Kombo's limit), not {MaxConcurrentWrites}.";
        }
        return null;
    }
}
