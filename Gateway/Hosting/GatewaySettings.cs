using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway.Hosting;

/// <summary>The gateway's own settings (CONTRACT.md §1), checked before the host starts.</summary>
public sealed class GatewaySettings
{
    public const string Section = "Gateway";

    /// <summary>Bearer keys accepted on <c>/api/*</c>.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    public static GatewaySettings Read(IConfiguration configuration)
    {
        var keys = configuration.GetSection($"{Section}:ApiKeys").Get<string[]>() ?? [];
        keys = keys.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray();
        if (keys.Length == 0)
        {
            throw new StartupFailure($"{Section}:ApiKeys is empty (env Gateway__ApiKeys__0); the internal API needs at least one key.");
        }
        if (keys.Any(k => k.Length < 16))
        {
            throw new StartupFailure($"{Section}:ApiKeys: every key must be at least 16 characters long.");
        }
        return new GatewaySettings { ApiKeys = keys };
    }
}
