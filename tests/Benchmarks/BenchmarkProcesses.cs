using System.Diagnostics;
using Kombo.Sandbox;
using static OrleansKombo.Benchmarks.BenchCluster;

namespace OrleansKombo.Benchmarks;

/// <summary>The child processes of one run, stopped (and their output kept in the run's folder under .data) at the end.</summary>
internal sealed class BenchmarkProcesses(string work) : IAsyncDisposable
{
    /// <summary>The webhook secret and API key of every system a benchmark starts (and of the sandbox's signing).</summary>
    public const string Secret = "bench-webhook-secret-0123456789";

    public const string ApiKey = "bench-api-key-0123456789";

    private readonly List<(string Name, Process Process)> _started = [];

    /// <summary>The processes started so far, by name (silo-1, silo-2, gateway, maildev), for <see cref="CpuMeter"/>.</summary>
    public IReadOnlyList<(string Name, int Pid)> Named => _started.Select(s => (s.Name, s.Process.Id)).ToList();

    /// <summary>The silos started so far, by name (their logs are &lt;name&gt;.log in the run's folder).</summary>
    public IReadOnlyList<(string Name, int Pid)> Silos => Named.Where(s => s.Name.StartsWith("silo", StringComparison.Ordinal)).ToList();

    /// <summary>The run's folder, where each process's output is kept.</summary>
    public string Work => work;

    public async Task<(int SmtpPort, string ApiUrl)> StartMailDevAsync()
    {
        var maildev = Path.Combine(RunningSystem.Root, ".data", "tools", "node_modules", ".bin", "maildev");
        if (!File.Exists(maildev))
        {
            throw new InvalidOperationException($"{maildev} is missing; ./test.sh installs it (or: source scripts/maildev.sh && maildev_install).");
        }
        var (smtp, web) = (FreePort(), FreePort());
        Start(maildev, new Dictionary<string, string>(), "maildev", "--smtp", $"{smtp}", "--ip", "127.0.0.1", "--web", $"{web}", "--web-ip", "127.0.0.1", "--silent");
        var api = $"http://127.0.0.1:{web}";
        using var probe = new HttpClient();
        await Wait.UntilAsync(async () => (await probe.GetAsync($"{api}/api/healthz").ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode)), "maildev", 30);
        return (smtp, api);
    }

    /// <summary>Silo(s) and the gateway in front of them; returns the gateway's URL once it is ready (it reaches a silo).</summary>
    /// <param name="siloSettings">More silo settings in environment form (e.g. <c>Orders__EmailInlineCandidates</c>).</param>
    /// <param name="silos">How many silo processes join the cluster (named silo-1, silo-2, …).</param>
    public async Task<string> StartSystemAsync(string postgres, KomboSandbox sandbox, int smtpPort, string run,
        IReadOnlyDictionary<string, string>? siloSettings = null, int silos = 1)
    {
        await StartSilosAsync(postgres, sandbox, smtpPort, run, siloSettings, silos);
        return (await StartGatewayProcessAsync(postgres, run, null, "/health/ready", "the gateway is ready")).Url;
    }

    /// <summary>
    /// Silo(s) of cluster and service <c>bench-&lt;run&gt;</c>, without a gateway (a benchmark that calls grains through an
    /// Orleans client, <see cref="BenchCluster.ConnectAsync"/>). With more than one, returns once all are active.
    /// </summary>
    public async Task StartSilosAsync(string postgres, KomboSandbox sandbox, int smtpPort, string run,
        IReadOnlyDictionary<string, string>? siloSettings = null, int silos = 1)
    {
        var silo = new Dictionary<string, string>(Common(postgres, run))
        {
            ["Logging__LogLevel__OrleansKombo"] = "Warning",
            ["Kombo__BaseUrl"] = sandbox.BaseUrl,
            ["Kombo__ApiKey"] = sandbox.ApiKey,
            ["Invitations__SmtpPort"] = $"{smtpPort}",
            ["Invitations__SmtpSecurity"] = "None",
            // A benchmark's silo serves no metrics, so it never takes a running silo's port (9464).
            ["Orleans__MetricsPort"] = "0",
        };
        foreach (var (key, value) in siloSettings ?? new Dictionary<string, string>())
        {
            silo[key] = value;
        }
        for (var i = 1; i <= silos; i++)
        {
            silo["Orleans__SiloPort"] = $"{FreePort()}";
            silo["Orleans__GatewayPort"] = $"{FreePort()}";
            // Silos may start together: the migration runner serialises them with an advisory lock.
            Start("dotnet", silo, silos == 1 ? "silo" : $"silo-{i}", Host("Silo", "OrleansKombo.Silo.dll"));
        }
        if (silos > 1)
        {
            // The gateway reads the list of silos when it starts and refreshes it only every minute: with every silo
            // active first, it spreads its calls (and so the grains' activations) over all of them from the start.
            await Wait.UntilAsync(() => ActiveSilosAsync(postgres, $"bench-{run}").ContinueWith(t => t.IsCompletedSuccessfully && t.Result >= silos),
                $"{silos} silos are active", 180);
        }
    }

    /// <summary>
    /// A gateway alone (no silo): enough for what answers before a grain is asked, such as /health/live and the request
    /// limits. Returns its URL and its process, whose memory the caller may watch.
    /// </summary>
    public Task<(string Url, Process Process)> StartGatewayAsync(string postgres, string run, IReadOnlyDictionary<string, string>? settings = null)
    {
        var quiet = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            quiet[key] = value;
        }
        return StartGatewayProcessAsync(postgres, run, quiet, "/health/live", "the gateway listens");
    }

    /// <param name="probe">Polled until it answers 2xx: /health/ready (a silo answers) or /health/live (the gateway listens).</param>
    private async Task<(string Url, Process Process)> StartGatewayProcessAsync(string postgres, string run, IReadOnlyDictionary<string, string>? settings,
        string probe, string what)
    {
        var httpPort = FreePort();
        var environment = new Dictionary<string, string>(Common(postgres, run))
        {
            ["Logging__LogLevel__OrleansKombo"] = "Warning",
            ["Gateway__ApiKeys__0"] = ApiKey,
            ["Kombo__WebhookSecret"] = Secret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var process = Start("dotnet", environment, "gateway", Host("Gateway", "OrleansKombo.Gateway.dll"), "--urls", $"http://127.0.0.1:{httpPort}");
        var url = $"http://127.0.0.1:{httpPort}";
        using var client = new HttpClient();
        await Wait.UntilAsync(async () => await client.GetAsync(url + probe).ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode),
            what, 120);
        return (url, process);
    }

    /// <summary>What every process of a run shares: its database, and a cluster and service id of its own.</summary>
    private static Dictionary<string, string> Common(string postgres, string run) => new()
    {
        ["ConnectionStrings__Postgres"] = postgres,
        ["Orleans__ClusterId"] = $"bench-{run}",
        ["Orleans__ServiceId"] = $"bench-{run}",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    private static string Host(string project, string dll)
    {
        var path = Path.Combine(RunningSystem.Root, project, "bin", "Release", "net10.0", dll);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build the solution in Release first.");
    }

    private Process Start(string file, IDictionary<string, string> environment, string name, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(work, $"{name}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _started.Add((name, process));
        BenchCleanup.Track(process);
        return process;
    }

    /// <summary>The cluster's silos marked Active (3) in the membership table; fails while the silos have not created it yet.</summary>
    private static async Task<long> ActiveSilosAsync(string postgres, string clusterId)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(postgres);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3");
        command.Parameters.AddWithValue("cluster", clusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A log file another thread is still writing.</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in Enumerable.Reverse(_started))
        {
            if (!process.HasExited)
            {
                // SIGTERM, so the silo leaves the membership table cleanly.
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            BenchCleanup.Forget(process);
            process.Dispose();
        }
    }
}
