using System.Net.Http.Headers;
using Kombo.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// The start-up every benchmark needs, in one place: a database of the run's own (<see cref="BenchDatabase"/>), the
/// in-process Kombo sandbox, maildev if asked, silo process(es) of a fresh cluster (<c>bench-&lt;run&gt;</c>) on free ports,
/// the gateway and an HTTP client for it with the run's API key, an Orleans client if asked, and <see cref="CpuMeter"/>
/// over all of them. Disposed in the reverse order: clients, processes (gateway first), sandbox, and the database dropped
/// last, also when the start-up itself fails half-way.
/// </summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    private KomboSandbox? _sandbox;
    private HttpClient? _http;
    private IHost? _client;

    private BenchSystem(string run, string work, BenchDatabase database)
    {
        Run = run;
        Database = database;
        Processes = new BenchmarkProcesses(work);
        Db = NpgsqlDataSource.Create(database.ConnectionString);
    }

    /// <summary>The run's id: its cluster and service are <c>bench-&lt;run&gt;</c>, and it marks what the run creates.</summary>
    public string Run { get; }

    public BenchDatabase Database { get; }

    /// <summary>The run's database, as its processes are given it.</summary>
    public string Postgres => Database.ConnectionString;

    /// <summary>A data source on the run's database, for the benchmark's own queries.</summary>
    public NpgsqlDataSource Db { get; }

    /// <summary>The processes started, by name (silo or silo-1 …, gateway, maildev); their output is in <see cref="BenchmarkProcesses.Work"/>.</summary>
    public BenchmarkProcesses Processes { get; }

    public KomboSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("the sandbox has not started");

    /// <summary>The gateway's URL, or null for a run without one.</summary>
    public string? GatewayUrl { get; private set; }

    /// <summary>The gateway, with the run's API key (<see cref="BenchmarkProcesses.ApiKey"/>) as bearer.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("this run has no gateway");

    /// <summary>maildev's web API, or null for a run without it.</summary>
    public string? MailApi { get; private set; }

    /// <param name="name">The benchmark's name: the database's (bench_&lt;name&gt;_…) and the output folder's (.data/bench-&lt;name&gt;).</param>
    public static async Task<BenchSystem> StartAsync(BenchmarkArguments args, string name, BenchSystemOptions? options = null)
    {
        options ??= new BenchSystemOptions();
        var work = Path.Combine(RunningSystem.Root, ".data", $"bench-{name}");
        Directory.CreateDirectory(work);
        var database = await BenchDatabase.CreateAsync(RunningSystem.Postgres(args), name, options.MaxPoolSize);
        var system = new BenchSystem(Guid.NewGuid().ToString("N")[..8], work, database);
        try
        {
            await system.StartAsync(options);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(BenchSystemOptions options)
    {
        var smtpPort = 25;
        if (options.MailDev)
        {
            (smtpPort, var api) = await Processes.StartMailDevAsync();
            MailApi = api;
        }
        _sandbox = await KomboSandbox.StartAsync(options.Sandbox
            ?? new SandboxOptions { WebhookSecret = BenchmarkProcesses.Secret, RecorderCapacity = 1_000 });
        if (options.Gateway && options.Silos > 0)
        {
            GatewayUrl = await Processes.StartSystemAsync(Postgres, _sandbox, smtpPort, Run, options.SiloSettings, options.Silos);
        }
        else if (options.Gateway)
        {
            GatewayUrl = (await Processes.StartGatewayAsync(Postgres, Run)).Url;
        }
        else if (options.Silos > 0)
        {
            await Processes.StartSilosAsync(Postgres, _sandbox, smtpPort, Run, options.SiloSettings, options.Silos);
        }
        if (GatewayUrl is null)
        {
            return;
        }
        if (options.SandboxWebhooks)
        {
            _sandbox.Webhooks.Url = GatewayUrl + "/webhooks/kombo";
        }
        var handler = new SocketsHttpHandler();
        if (options.HttpConcurrency is { } concurrency)
        {
            handler.MaxConnectionsPerServer = concurrency;
        }
        _http = new HttpClient(handler) { BaseAddress = new Uri(GatewayUrl), Timeout = options.HttpTimeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchmarkProcesses.ApiKey);
    }

    /// <summary>An Orleans client of the run's cluster, connected on first use and stopped before the silos.</summary>
    public async Task<IClusterClient> ClientAsync()
    {
        _client ??= await BenchCluster.ConnectAsync(Postgres, $"bench-{Run}", $"bench-{Run}");
        return _client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Starts counting the CPU seconds of every process of the run, PostgreSQL's and this one's (<paramref name="thisProcess"/>).</summary>
    public Task<CpuMeter> MeterAsync(string thisProcess = "sandbox + load generator") =>
        CpuMeter.StartAsync(Postgres, thisProcess, Processes.Named);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client is not null)
            {
                // Stopped before the silos, so the client does not read a silo's goodbye after its services are gone.
                await _client.StopAsync();
                _client.Dispose();
            }
            _http?.Dispose();
            await Processes.DisposeAsync();
            if (_sandbox is not null)
            {
                await _sandbox.DisposeAsync();
            }
            await Db.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}
