using Kombo.Sandbox;

namespace OrleansKombo.Benchmarks;

/// <summary>What a benchmark asks <see cref="BenchSystem"/> to start; the defaults are the common case (one silo and a gateway).</summary>
public sealed record BenchSystemOptions
{
    /// <summary>The connection pool of the run's processes (<see cref="BenchDatabase"/>); Npgsql's default when null.</summary>
    public int? MaxPoolSize { get; init; }

    /// <summary>Silo processes (silo, or silo-1, silo-2, …); 0 for none (a gateway alone).</summary>
    public int Silos { get; init; } = 1;

    /// <summary>A gateway process in front of the silos (with none, the benchmark calls grains through <see cref="BenchSystem.ClientAsync"/>).</summary>
    public bool Gateway { get; init; } = true;

    /// <summary>maildev as the silos' SMTP server (else port 25, never dialled while nothing is mailed).</summary>
    public bool MailDev { get; init; }

    /// <summary>More silo settings in environment form (e.g. <c>Sync__MaxConcurrentPulls</c>).</summary>
    public IReadOnlyDictionary<string, string>? SiloSettings { get; init; }

    /// <summary>The in-process Kombo sandbox; default: the run's webhook secret and a recorder of 1,000 requests.</summary>
    public SandboxOptions? Sandbox { get; init; }

    /// <summary>Point the sandbox's webhooks at the gateway (off: the benchmark sends them itself, or none).</summary>
    public bool SandboxWebhooks { get; init; }

    /// <summary>Connections per server of <see cref="BenchSystem.Http"/> (the load's concurrency); the runtime's default when null.</summary>
    public int? HttpConcurrency { get; init; }

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
