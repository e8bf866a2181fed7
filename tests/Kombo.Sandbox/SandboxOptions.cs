using Microsoft.Extensions.Logging;

namespace Kombo.Sandbox;

/// <summary>Everything a sandbox is started with. Each value also has a configuration key (see <see cref="Hosting.SandboxConfiguration"/>).</summary>
public sealed record SandboxOptions
{
    /// <summary>Where Kestrel listens; port 0 picks a free one.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>The bearer key <c>/v1</c> accepts.</summary>
    public string ApiKey { get; init; } = "sandbox-api-key";

    /// <summary>Where webhooks go; none are sent (but all are recorded) while it is null.</summary>
    public string? WebhookUrl { get; init; }

    public string WebhookSecret { get; init; } = "sandbox-webhook-secret";

    /// <summary>Delivery attempts per event, the first included.</summary>
    public int WebhookAttempts { get; init; } = 3;

    /// <summary>Wait before the second attempt; it doubles for each further one.</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Kombo's limit of write calls in flight per integration.</summary>
    public int WriteConcurrencyLimit { get; init; } = 30;

    /// <summary>Default age after which the anonymise call blanks deleted records (Kombo: 14 days).</summary>
    public TimeSpan AnonymiseAfter { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How many requests the recorder keeps; the oldest go first.</summary>
    public int RecorderCapacity { get; init; } = 200_000;

    /// <summary>Start with one demo integration that syncs and changes on its own.</summary>
    public bool Demo { get; init; }

    public TimeSpan DemoFirstSyncAfter { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DemoChangeEvery { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The stage name the demo moves applications into every period once packages are offered (a trigger rule on it
    /// starts assessments: ./run.sh sets both); null: none.
    /// </summary>
    public string? DemoTriggerStage { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Data scale of the integration the process starts with: the demo integration, or (without <see cref="Demo"/>) one
    /// ready integration. Null: none without demo, <see cref="Data.GeneratorScale.Demo"/> with it.
    /// </summary>
    public Data.GeneratorScale? InitialScale { get; init; }

    /// <summary>Render every record once right after generating it, so the first read is as fast as the later ones.</summary>
    public bool WarmUp { get; init; } = true;

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
