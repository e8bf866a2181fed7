using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Kombo.Sandbox;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// A full read of every model from an in-process Kombo sandbox over real HTTP, in pages of 250, parsing each page as a
/// client would. Options: --jobs --candidates --applications --users --tags --page-size --seed --passes.
/// </summary>
public sealed class SandboxReadBenchmark : IBenchmark
{
    public string Name => "sandbox-read";

    public string Description => "full read of every model (100k applications) from the Kombo sandbox over HTTP";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var scale = args.Scale();
        var pageSize = args.Int("page-size", 250);
        await using var sandbox = await KomboSandbox.StartAsync(new SandboxOptions { RecorderCapacity = 10_000 });

        var watch = Stopwatch.StartNew();
        var integration = sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = scale, Seed = args.Int("seed", 42) });
        Console.WriteLine($"generated {Describe(integration)} in {watch.Elapsed.TotalSeconds:0.00} s");
        watch.Restart();
        integration.WarmUp();
        Console.WriteLine($"rendered every record once in {watch.Elapsed.TotalSeconds:0.00} s");

        using var client = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.ApiKey);
        client.DefaultRequestHeaders.Add("X-Integration-Id", integration.Id);

        // Some pages of each model first, so the timed read measures the sandbox and not the JIT tiering up HTTP and JSON code.
        for (var round = 0; round < 2; round++)
        {
            foreach (var model in SandboxModels.All)
            {
                await SandboxPages.ReadAllAsync(client, model.PathName(), pageSize, maxPages: 10);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
        // The generated data is hundreds of MB of young objects; promote them now rather than inside the timed read.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        // The first pass also pays for the client's buffers and the GC settling on a heap of several hundred MB;
        // the later ones show the sandbox's steady state.
        var failures = 0;
        var passes = args.Int("passes", 2);
        for (var pass = 1; pass <= passes; pass++)
        {
            Console.WriteLine($"pass {pass}:");
            Console.WriteLine($"  {"model",-20} {"records",9} {"pages",6} {"seconds",8} {"records/s",11} {"MB/s",7}");
            var total = Stopwatch.StartNew();
            var cpu = await CpuMeter.StartAsync(null, "sandbox + reader", []);
            var read = 0L;
            foreach (var model in SandboxModels.All)
            {
                var expected = integration.LiveCounts()[model.PathName()];
                var (records, pages, bytes, elapsed) = await SandboxPages.ReadAllAsync(client, model.PathName(), pageSize);
                read += records;
                Console.WriteLine($"  {model.PathName(),-20} {records,9} {pages,6} {elapsed.TotalSeconds,8:0.000} {records / elapsed.TotalSeconds,11:0} {bytes / 1e6 / elapsed.TotalSeconds,7:0}");
                if (records != expected)
                {
                    Console.WriteLine($"  error: read {records} {model.PathName()}, the sandbox holds {expected}");
                    failures++;
                }
            }
            Console.WriteLine($"  total: {total.Elapsed.TotalSeconds:0.00} s");
            cpu.Print(read, "1,000 records", 1_000);
        }
        return failures == 0 ? 0 : 1;
    }

    private static string Describe(SandboxIntegration integration) =>
        string.Join(", ", integration.LiveCounts().Select(kv => $"{kv.Value.ToString("N0", CultureInfo.InvariantCulture)} {kv.Key}"));
}
