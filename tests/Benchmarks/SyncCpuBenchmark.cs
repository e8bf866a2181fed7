using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kombo.Sandbox;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Privacy;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// The silo's CPU per synced record without PostgreSQL or Orleans (issue 16 §2): the sandbox's pages are fetched once,
/// then the per-record path runs over them in a loop, stage by stage, and prints microseconds and bytes allocated per
/// record for each stage: the page's JSON read as Refit reads it, KeptRecord.From (privacy filter, allowlist, hash,
/// dates), and RecordDiff.Of for a new record and for an updated one.
/// </summary>
public sealed class SyncCpuBenchmark : IBenchmark
{
    public string Name => "sync-cpu";

    public string Description =>
        "the silo's per-record sync path in-process (no PostgreSQL): page JSON -> KeptRecord -> RecordDiff over the sandbox's " +
        "pages in a loop; prints microseconds and bytes allocated per record per stage (--jobs … --rounds 5)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var rounds = args.Int("rounds", 5);
        var scale = args.Scale();
        if (args.Optional("jobs") is null)
        {
            scale = new() { Jobs = 500, Candidates = 12_000, Applications = 25_000, Users = 500, Tags = 100 };
        }
        await using var sandbox = await KomboSandbox.StartAsync(new SandboxOptions());
        var integration = sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = scale, Seed = args.Int("seed", 42) });
        integration.WarmUp();

        var allowlists = new SyncAllowlists(new SyncOptions());
        var pages = new List<(AtsModel Model, byte[] Body)>();
        using (var http = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl + "/") })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.ApiKey);
            http.DefaultRequestHeaders.Add("X-Integration-Id", integration.Id);
            foreach (var model in AtsModel.PullOrder)
            {
                string? cursor = null;
                do
                {
                    var path = $"ats/{model.KomboPath}?page_size=250&include_deleted=false" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
                    using var response = await http.GetAsync(path);
                    if (!response.IsSuccessStatusCode)
                    {
                        break;
                    }
                    var body = await response.Content.ReadAsByteArrayAsync();
                    pages.Add((model, body));
                    using var document = JsonDocument.Parse(body);
                    cursor = document.RootElement.GetProperty("data").GetProperty("next").GetString();
                }
                while (cursor is not null);
            }
        }
        var records = 0L;
        foreach (var (_, body) in pages)
        {
            using var document = JsonDocument.Parse(body);
            records += document.RootElement.GetProperty("data").GetProperty("results").GetArrayLength();
        }
        Console.WriteLine($"sync-cpu: {records:N0} records in {pages.Count:N0} pages ({pages.Sum(p => (long)p.Body.Length) / 1e6:0.0} MB), {rounds} rounds, " +
            $"server GC {System.Runtime.GCSettings.IsServerGC}");

        var read = new Stage("read page (Refit's STJ into KomboPage)");
        var keep = new Stage("KeptRecord.From (privacy, allowlist, hash, dates)");
        // KeptRecord.From's parts, each alone over the same records (they overlap From's own figure).
        var minimal = new Stage("  of which: MinimisedJson.IsMinimal (the check)");
        var minimise = new Stage("  of which: MinimisedJson.TryMinimise (a full copy)");
        var apply = new Stage("  of which: FieldAllowlist.Apply");
        var hash = new Stage("  of which: SHA-256 of the kept bytes");
        var dates = new Stage("  of which: id and dates (RecordFields)");
        var created = new Stage("RecordDiff.Of, new record");
        var updated = new Stage("RecordDiff.Of, changed record");
        var changedRecords = 0L;
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms up (tiered JIT) and is not counted.
            var counted = round > 0;
            foreach (var (model, body) in pages)
            {
                var allowlist = allowlists.For(model);
                var page = read.Run(counted, () => JsonSerializer.Deserialize<KomboResponse<KomboPage>>(body, KomboJson.Tolerant)!);
                var kept = keep.Run(counted, () => page.Data.Results.Select(r => KeptRecord.From(r, allowlist)).OfType<KeptRecord>().ToList());
                var phones = minimal.Run(counted, () => page.Data.Results.Count(r => MinimisedJson.IsMinimal(JsonMarshal.GetRawUtf8Value(r)) == false));
                minimise.Run(counted, () => page.Data.Results.Select(r => MinimisedJson.TryMinimise(JsonMarshal.GetRawUtf8Value(r))).ToList());
                apply.Run(counted, () => page.Data.Results.Select(r => allowlist.Apply(r)).ToList());
                hash.Run(counted, () => kept.Select(r => SHA256.HashData(r.Json)).ToList());
                dates.Run(counted, () => page.Data.Results.Select(r => (RecordFields.String(r, "id"), RecordFields.Date(r, "changed_at"), RecordFields.Date(r, "remote_deleted_at"))).ToList());
                changedRecords += counted ? phones : 0;
                created.Run(counted, () => kept.Select(r => RecordDiff.Of(null, false, r)).ToList());
                // A stored copy that differs in one field: what a delta that changes every record costs.
                var stored = kept.Select(r => Encoding.UTF8.GetString(r.Json).Replace("\"id\":", "\"id_\":", StringComparison.Ordinal)).ToList();
                updated.Run(counted, () => kept.Select((r, i) => RecordDiff.Of(stored[i], false, r)).ToList());
                read.Records += counted ? page.Data.Results.Count : 0;
            }
        }
        var perRecord = rounds * records;
        Console.WriteLine($"  {"stage",-55} {"us/record",10} {"bytes/record",13}");
        foreach (var stage in new[] { read, keep, minimal, minimise, apply, hash, dates, created, updated })
        {
            Console.WriteLine($"  {stage.Name,-55} {stage.Elapsed.TotalMicroseconds / perRecord,10:0.00} {(double)stage.Allocated / perRecord,13:N0}");
        }
        Console.WriteLine($"  {"read + keep + new (a first sync's CPU before PostgreSQL)",-55} {(read.Elapsed + keep.Elapsed + created.Elapsed).TotalMicroseconds / perRecord,10:0.00} " +
            $"{(double)(read.Allocated + keep.Allocated + created.Allocated) / perRecord,13:N0}");
        Console.WriteLine($"  records with something to drop or clean (a phone key): {(double)changedRecords / perRecord:P0}");
        Console.WriteLine($"  gen0/1/2 collections: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        return 0;
    }

    private sealed class Stage(string name)
    {
        public string Name => name;

        public TimeSpan Elapsed { get; private set; }

        public long Allocated { get; private set; }

        public long Records { get; set; }

        public T Run<T>(bool counted, Func<T> work)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            var result = work();
            if (counted)
            {
                Elapsed += Stopwatch.GetElapsedTime(started);
                Allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
            return result;
        }
    }
}
