using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kombo.Sandbox;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// <c>GET /api/integrations/{id}</c> and the list at scale (issue 16 §8), on a system of their own: an in-process Kombo
/// sandbox, one silo and one gateway from the Release build, and a fresh database dropped at the end.
/// <para>A small integration is synced normally; then its candidates and applications are multiplied in PostgreSQL (by
/// SQL, not pulled: copies of the synced records under new ids) to --records rows, with the matching
/// <c>record_counts</c>, and 1,000 other integrations are added beside it (copies of its row). The detail and the list
/// are asked --count times at concurrency 1 and 8; it prints p50/p95/p99/max against the 20 ms target, CPU per request,
/// and EXPLAIN (ANALYZE, BUFFERS) of both queries, so the reader sees that no record table is read.</para>
/// </summary>
public sealed class IntegrationDetailBenchmark : IBenchmark
{
    private const double TargetMs = 20;
    private const int Others = 1_000;

    /// <summary>
    /// IntegrationsApi.FindAsync's query (the gateway's detail), for EXPLAIN only: the benchmark does not reference the
    /// gateway; keep the two in step.
    /// </summary>
    private const string DetailSql = """
        SELECT id, tool, category, state, setup, health, last_sync, last_pull, watermark, deleted_at, data_purged_at, models, gone_since,
               health_reason, end_user, setup_status, qa_status, log_url,
               (SELECT jsonb_object_agg(c.model, c.live) FROM record_counts c WHERE c.integration_id = s.id)
          FROM integration_status s
         WHERE s.id = @id
        """;

    /// <summary>IntegrationsApi.QueryAsync's query for a first page of 50 without filters, for EXPLAIN only.</summary>
    private const string ListSql = """
        SELECT id, tool, category, state, setup, health, last_sync, last_pull, watermark, deleted_at, data_purged_at, models, gone_since,
               health_reason, end_user, setup_status, qa_status, log_url
          FROM integration_status s WHERE id > '' ORDER BY id LIMIT 51
        """;

    public string Name => "integration-detail";

    public string Description =>
        "GET /api/integrations/{id} with 1M records in the integration (seeded by SQL) and the list among 1,000 others: " +
        "p50/p95/p99/max at concurrency 1 and 8 against the 20 ms target, EXPLAIN, CPU per request (--records 1000000 --count 2000 --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var records = args.Int("records", 1_000_000);
        var count = args.Int("count", 2_000);
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions { SandboxWebhooks = true, HttpConcurrency = 8 });
        var (sandbox, http, db) = (system.Sandbox, system.Http, system.Db);
        Console.WriteLine($"integration-detail: 1 silo + 1 gateway (Release, separate processes), PostgreSQL; {Environment.ProcessorCount} cores");

        var integration = await SyncedAsync(http, sandbox);
        var id = integration.Id;
        var seeded = await SeedAsync(db, id, records);
        var ok = true;

        var detail = $"/api/integrations/{Uri.EscapeDataString(id)}";
        ok &= await MeasureAsync(system, "detail", detail, count, body =>
        {
            // Every model's live count, summed: what record_counts holds after the seeding.
            return body.GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt64()) == seeded;
        });
        await ExplainAsync(db, "detail", DetailSql, id);

        ok &= await MeasureAsync(system, $"list (page_size=50, {Others + 1:N0} integrations)",
            "/api/integrations?page_size=50", count, body => body.GetProperty("results").GetArrayLength() == 50);
        await ExplainAsync(db, "list", ListSql, id);
        return ok ? 0 : 1;
    }

    /// <summary>A small sandbox integration, synced normally: its first pull succeeded and its counts are live.</summary>
    private static async Task<SandboxIntegration> SyncedAsync(HttpClient http, KomboSandbox sandbox)
    {
        var watch = Stopwatch.StartNew();
        var scale = new GeneratorScale { Jobs = 50, Candidates = 1_000, Applications = 2_000, Users = 20, Tags = 10 };
        var integration = sandbox.CreateIntegration(new IntegrationSpec { Scale = scale, Seed = 16 });
        await integration.FinishSync().Webhooks;
        var expected = integration.Records(SandboxModel.Applications).Count(r => !r.Deleted);
        await Wait.UntilAsync(async () =>
        {
            using var response = await http.GetAsync($"/api/integrations/{Uri.EscapeDataString(integration.Id)}");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = body.RootElement;
            return root.GetProperty("counts").GetProperty("applications").GetInt64() == expected
                && root.GetProperty("last_pull") is { ValueKind: JsonValueKind.Object } pull && pull.GetProperty("status").GetString() == "SUCCEEDED";
        }, $"{expected} applications of {integration.Id} synced", 600);
        Console.WriteLine($"  integration {integration.Id}: first sync (pulled from the sandbox) took {watch.Elapsed.TotalSeconds:0.0} s");
        return integration;
    }

    /// <summary>
    /// Grows the integration to <paramref name="records"/> rows by SQL (half candidates, half applications: copies of its
    /// synced records under new ids), sets its record_counts from the tables, and adds <see cref="Others"/> integrations
    /// (copies of its row, half sorting before it, half after, each with the same counts). Returns its live rows now.
    /// </summary>
    private static async Task<long> SeedAsync(NpgsqlDataSource db, string id, int records)
    {
        var watch = Stopwatch.StartNew();
        var existing = await ScalarAsync(db, "SELECT sum(live)::bigint FROM record_counts WHERE integration_id = @id", id);
        var missing = Math.Max(0, records - existing);
        foreach (var (table, share) in new[] { ("ats_candidates", missing / 2), ("ats_applications", missing - missing / 2) })
        {
            var source = await ScalarAsync(db, $"SELECT count(*) FROM {table} WHERE integration_id = @id AND remote_deleted_at IS NULL", id);
            await using var insert = db.CreateCommand($"""
                INSERT INTO {table} (integration_id, id, changed_at, remote_deleted_at, record, content_hash, synced_at)
                SELECT r.integration_id, r.id || '~' || g, r.changed_at, NULL,
                       r.record || jsonb_build_object('id', r.id || '~' || g), r.content_hash, r.synced_at
                  FROM generate_series(1, @copies) g
                 CROSS JOIN (SELECT * FROM {table} WHERE integration_id = @id AND remote_deleted_at IS NULL) r
                 LIMIT @n
                """);
            insert.CommandTimeout = 0;
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("copies", (int)(share / Math.Max(1, source) + 1));
            insert.Parameters.AddWithValue("n", share);
            await insert.ExecuteNonQueryAsync();
        }
        await ExecuteAsync(db, """
            INSERT INTO record_counts (integration_id, model, live)
            SELECT @id, 'candidates', count(*) FROM ats_candidates WHERE integration_id = @id AND remote_deleted_at IS NULL
            UNION ALL
            SELECT @id, 'applications', count(*) FROM ats_applications WHERE integration_id = @id AND remote_deleted_at IS NULL
            ON CONFLICT (integration_id, model) DO UPDATE SET live = excluded.live
            """, id);
        var rows = await ScalarAsync(db, "SELECT sum(live)::bigint FROM record_counts WHERE integration_id = @id", id);
        // Copies of the synced integration's row; the read model has no generated columns, so the whole row is copied.
        await ExecuteAsync(db, $"""
            INSERT INTO integrations
            SELECT (jsonb_populate_record(NULL::integrations,
                        to_jsonb(i) || jsonb_build_object('id', CASE WHEN g % 2 = 0 THEN '0' ELSE 'z' END || '-bench-' || lpad(g::text, 4, '0')))).*
              FROM integrations i CROSS JOIN generate_series(1, {Others}) g
             WHERE i.id = @id;
            INSERT INTO record_counts (integration_id, model, live)
            SELECT CASE WHEN g % 2 = 0 THEN '0' ELSE 'z' END || '-bench-' || lpad(g::text, 4, '0'), c.model, c.live
              FROM record_counts c CROSS JOIN generate_series(1, {Others}) g
             WHERE c.integration_id = @id;
            """, id);
        await using (var vacuum = db.CreateCommand("VACUUM (ANALYZE) ats_candidates, ats_applications, integrations, record_counts"))
        {
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync();
        }
        var bytes = await ScalarAsync(db, "SELECT pg_total_relation_size('ats_candidates') + pg_total_relation_size('ats_applications')", id);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  seeded by SQL, not pulled: the integration now has {rows:N0} live records (candidates and applications copied " +
            $"under new ids; {bytes / 1024.0 / 1024:N0} MB with indexes), record_counts set from the tables, and {Others:N0} other " +
            $"integrations beside it; {watch.Elapsed.TotalSeconds:0} s including VACUUM ANALYZE; change_feed not seeded (neither query reads it)"));
        return rows;
    }

    /// <summary>The path asked <paramref name="count"/> times at concurrency 1 and 8 after a warm-up: latencies and CPU per request.</summary>
    private static async Task<bool> MeasureAsync(BenchSystem system, string what, string path, int count, Func<JsonElement, bool> check)
    {
        var http = system.Http;
        // Not timed: the JIT (tiered: a method is recompiled after 30 calls, in the background), the pools, the plans;
        // and the answer is checked once.
        for (var i = 0; i < 300; i++)
        {
            await TimedGetAsync(http, path);
        }
        bool ok;
        int bytes;
        using (var response = await http.GetAsync(path))
        {
            var text = await response.Content.ReadAsStringAsync();
            bytes = text.Length;
            using var body = JsonDocument.Parse(text);
            ok = response.IsSuccessStatusCode && check(body.RootElement);
        }
        Console.WriteLine($"{what}: GET {path} ({bytes:N0} characters){(ok ? "" : "  ANSWER WRONG")}");
        foreach (var concurrency in new[] { 1, 8 })
        {
            var cpu = await system.MeterAsync("load generator + sandbox");
            var started = Stopwatch.GetTimestamp();
            var times = await Concurrently.RunAsync(count, concurrency, _ => TimedGetAsync(http, path));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var stats = new LatencyStats(times);
            var p95 = stats.Percentile(95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  c={concurrency}: {count:N0} requests, {count / elapsed:N0}/s; p50 {stats.Percentile(50):0.0} ms, p95 {p95:0.0} ms, " +
                $"p99 {stats.Percentile(99):0.0} ms, max {stats.Percentile(100):0.0} ms; target p95 < {TargetMs:0} ms {(p95 < TargetMs ? "met" : "NOT met")}"));
            cpu.Print(count, "request");
        }
        return ok;
    }

    private static async Task ExplainAsync(NpgsqlDataSource db, string what, string sql, string id)
    {
        await using var command = db.CreateCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql);
        command.Parameters.AddWithValue("id", id);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        var readsRecords = lines.Any(l => l.Contains("ats_", StringComparison.Ordinal) || l.Contains("change_feed", StringComparison.Ordinal));
        Console.WriteLine($"  EXPLAIN (ANALYZE, BUFFERS) of the {what} query ({(readsRecords ? "READS A RECORD TABLE" : "no record table read")}):");
        foreach (var line in lines)
        {
            Console.WriteLine("    " + line);
        }
    }

    private static async Task<double> TimedGetAsync(HttpClient http, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        }
        return ms;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, string id)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql, string id)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }
}
