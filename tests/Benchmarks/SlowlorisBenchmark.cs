using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using static OrleansKombo.Benchmarks.BenchmarkProcesses;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// A gateway of its own (no silo) under N slow-trickling connections, reconnecting whenever the gateway cuts one: a third
/// trickle their headers, a third an <c>/api</c> body, a third a webhook body that declares a whole MiB. Meanwhile
/// <c>/health/live</c> is asked every second. Prints the gateway's memory before, during (the peak) and after, the
/// probes' answers and latency, and how the gateway ended the slow connections. Fails when a probe goes unanswered.
/// </summary>
public sealed class SlowlorisBenchmark : IBenchmark
{
    public string Name => "slowloris";

    public string Description =>
        "N slow-trickling connections against a gateway of its own; /health/live answers and the gateway's memory before/during/after " +
        "(--connections 300 --seconds 120 --interval-ms 1000 --postgres)";

    private sealed class Counts
    {
        public int Opened;
        public int Answered;
        public int Closed;
        public readonly Dictionary<string, int> Statuses = [];
    }

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var connections = args.Int("connections", 300);
        var seconds = args.Int("seconds", 120);
        var interval = TimeSpan.FromMilliseconds(args.Int("interval-ms", 1000));

        // The gateway only connects to PostgreSQL (it probes it at start); an empty database of the run's own will do.
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions { Silos = 0 });
        var url = system.GatewayUrl!;
        var gateway = system.Processes.Named.Single(p => p.Name == "gateway").Pid;
        var uri = new Uri(url);
        using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
        }
        var before = Megabytes(gateway);
        Console.WriteLine($"slowloris: {connections} connections trickling a byte every {interval.TotalMilliseconds:0} ms for {seconds} s against {url}");
        Console.WriteLine($"  gateway memory before: {before:0} MB resident, {await HeapAsync(http)} managed heap after the last GC");

        var cpu = await system.MeterAsync("load generator");
        var counts = new Counts();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var kinds = new (string Name, string Head)[]
        {
            ("headers", "GET /health/live HTTP/1.1\r\nHost: bench\r\n"),
            ("api body", $"POST /api/orders/slow/result HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {ApiKey}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{{"),
            ("webhook body", $"POST /webhooks/kombo HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: {1024 * 1024}\r\n\r\n{{"),
        };
        var slow = Enumerable.Range(0, connections)
            .Select(i => TrickleAsync(uri, kinds[i % kinds.Length].Head, kinds[i % kinds.Length].Name == "headers" ? "X: y\r\n" : " ", interval, counts, stop.Token))
            .ToList();

        var probes = new List<double>();
        var samples = new List<double>();
        var heaps = new List<string>();
        var failedProbes = 0;
        double peak = 0, last = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync("/health/live");
                if (response.IsSuccessStatusCode)
                {
                    probes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    failedProbes++;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failedProbes++;
            }
            last = Megabytes(gateway);
            peak = Math.Max(peak, last);
            samples.Add(last);
            heaps.Add(await HeapAsync(http));
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(1)), Task.Delay(Timeout.Infinite, stop.Token));
        }
        await Task.WhenAll(slow);

        // After: the slow connections are gone; give the gateway a moment to let go of their buffers.
        for (var i = 0; i < 10; i++)
        {
            (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var after = Megabytes(gateway);
        var heapAfter = await HeapAsync(http);

        Console.WriteLine($"  gateway memory during: peak {peak:0} MB resident, at the end {last:0} MB; after: {after:0} MB resident, {heapAfter} managed heap");
        var quarters = new[] { 0.25, 0.5, 0.75, 1.0 }.Select(q => Math.Max(0, (int)Math.Ceiling(q * samples.Count) - 1)).ToList();
        Console.WriteLine($"  gateway memory at 25/50/75/100 % of the run: resident {string.Join(" / ", quarters.Select(i => samples.Count == 0 ? "-" : $"{samples[i]:0} MB"))}; "
            + $"managed heap after the last GC {string.Join(" / ", quarters.Select(i => heaps.Count == 0 ? "-" : heaps[i]))}");
        Console.WriteLine($"  /health/live: {probes.Count} answered 200, {failedProbes} failed; latency {new LatencyStats(probes.ToArray())}");
        Console.WriteLine($"  slow connections opened {counts.Opened}; the gateway answered {counts.Answered} of them "
            + $"({string.Join(", ", counts.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}) and closed {counts.Closed} without an answer");
        cpu.Print(counts.Opened, "slow connection");
        return failedProbes == 0 ? 0 : 1;
    }

    /// <summary>One slow client: sends a request's beginning, then a byte per interval; whenever the gateway ends it, again.</summary>
    private static async Task TrickleAsync(Uri gateway, string head, string drip, TimeSpan interval, Counts counts, CancellationToken stop)
    {
        var headBytes = Encoding.ASCII.GetBytes(head);
        var dripBytes = Encoding.ASCII.GetBytes(drip);
        // Spread the first connections over one interval rather than opening them all at once.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds), stop).ContinueWith(_ => { });
        while (!stop.IsCancellationRequested)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(gateway.Host, gateway.Port, stop);
                Interlocked.Increment(ref counts.Opened);
                var stream = client.GetStream();
                await stream.WriteAsync(headBytes, stop);
                var buffer = new byte[1024];
                var read = stream.ReadAsync(buffer, stop).AsTask();
                while (!read.IsCompleted)
                {
                    await Task.WhenAny(read, Task.Delay(interval, stop));
                    if (!read.IsCompleted)
                    {
                        await stream.WriteAsync(dripBytes, stop);
                    }
                }
                var count = await read;
                lock (counts)
                {
                    if (count == 0)
                    {
                        counts.Closed++;
                    }
                    else
                    {
                        var status = Encoding.ASCII.GetString(buffer, 0, Math.Min(count, 12)).Split(' ').ElementAtOrDefault(1) ?? "?";
                        counts.Answered++;
                        counts.Statuses[status] = counts.Statuses.GetValueOrDefault(status) + 1;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    lock (counts)
                    {
                        counts.Closed++;
                    }
                }
            }
            // Like a client that tries again (Kombo after a 503), not a tight loop of connections.
            await Task.Delay(interval, stop).ContinueWith(_ => { });
        }
    }

    private static async Task<string> HeapAsync(HttpClient http) => ManagedHeap.Format(await ManagedHeap.MegabytesAsync(http));

    private static double Megabytes(int pid) => ProcessStats.Memory(pid).Rss;
}
