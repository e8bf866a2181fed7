using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Kombo.Sandbox;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;
using NpgsqlTypes;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// The script a user would write instead of our engine, run in the benchmark's process against the same sandbox dataset and
/// the same PostgreSQL: HttpClient over every page of every model, and per page one multi-row jsonb upsert into a plain
/// table. No change feed, no checkpoint, no privacy filter, no content hashes: the baseline our sync is measured against.
/// </summary>
public static class NaiveSync
{
    /// <param name="measured">
    /// Called with the records and the time as soon as the loop ends, while its connections are still open (a backend
    /// that exits is missing from PostgreSQL's CPU until the postmaster has reaped it).
    /// </param>
    public static async Task<(long Records, TimeSpan Elapsed)> RunAsync(KomboSandbox sandbox, SandboxIntegration integration, string postgres,
        Action<long, TimeSpan>? measured = null)
    {
        await using var db = NpgsqlDataSource.Create(postgres);
        await using (var create = db.CreateCommand("""
            CREATE TABLE naive_records (model text NOT NULL, id text NOT NULL, doc jsonb NOT NULL, PRIMARY KEY (model, id))
            """))
        {
            await create.ExecuteNonQueryAsync();
        }
        using var http = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.ApiKey);
        http.DefaultRequestHeaders.Add("X-Integration-Id", integration.Id);

        var watch = Stopwatch.StartNew();
        long records = 0;
        foreach (var model in SandboxModels.All.Select(m => m.PathName()))
        {
            string? cursor = null;
            do
            {
                var path = cursor is null ? $"ats/{model}?page_size=250" : $"ats/{model}?page_size=250&cursor={Uri.EscapeDataString(cursor)}";
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync();
                using var page = await JsonDocument.ParseAsync(stream);
                var data = page.RootElement.GetProperty("data");
                var results = data.GetProperty("results");
                var ids = new List<string>(results.GetArrayLength());
                var docs = new List<string>(results.GetArrayLength());
                foreach (var record in results.EnumerateArray())
                {
                    ids.Add(record.GetProperty("id").GetString()!);
                    docs.Add(record.GetRawText());
                }
                if (ids.Count > 0)
                {
                    await using var upsert = db.CreateCommand("""
                        INSERT INTO naive_records (model, id, doc)
                        SELECT @model, u.id, u.doc FROM unnest(@ids, @docs) AS u(id, doc)
                        ON CONFLICT (model, id) DO UPDATE SET doc = excluded.doc
                        """);
                    upsert.Parameters.AddWithValue("model", model);
                    upsert.Parameters.AddWithValue("ids", ids.ToArray());
                    upsert.Parameters.Add(new NpgsqlParameter("docs", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = docs.ToArray() });
                    await upsert.ExecuteNonQueryAsync();
                }
                records += ids.Count;
                cursor = data.GetProperty("next").GetString();
            }
            while (cursor is not null);
        }
        var elapsed = watch.Elapsed;
        measured?.Invoke(records, elapsed);
        return (records, elapsed);
    }
}
