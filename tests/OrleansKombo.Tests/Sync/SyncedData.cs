using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>Compares what we stored with what the sandbox serves, and waits for pulls.</summary>
public static class SyncedData
{
    public static readonly (SandboxModel Sandbox, string Table)[] Models =
    [
        (SandboxModel.Users, "ats_users"),
        (SandboxModel.Tags, "ats_tags"),
        (SandboxModel.ApplicationStages, "ats_application_stages"),
        (SandboxModel.Jobs, "ats_jobs"),
        (SandboxModel.Candidates, "ats_candidates"),
        (SandboxModel.Applications, "ats_applications"),
    ];

    /// <summary>
    /// Waits until a pull that started at or after <paramref name="since"/> has succeeded and no other is running or
    /// requested (a sync's data-changed often asks for a follow-up pull).
    /// </summary>
    public static async Task<IntegrationStatus> PullSucceededAsync(IGrainFactory grains, string integration, DateTimeOffset since,
        TimeSpan? timeout = null)
    {
        IntegrationStatus status = null!;
        await Poll.UntilAsync(async () =>
        {
            status = await grains.GetGrain<IIntegrationGrain>(integration).GetStatus();
            return status.LastPull is { Status: "SUCCEEDED" } pull && pull.StartedAt >= since
                && status.PullInProgress is null && status.PullRequestedAt is null;
        }, $"a pull of {integration} started after {since:O} succeeds", timeout ?? TimeSpan.FromSeconds(60));
        return status;
    }

    /// <summary>Every record the sandbox serves (deleted ones included) is stored exactly once, with its deletion.</summary>
    /// <param name="except">Models not compared (e.g. one Kombo refuses).</param>
    public static async Task AssertMatchesSandboxAsync(SandboxIntegration integration, params SandboxModel[] except)
    {
        foreach (var (model, table) in Models.Where(m => !except.Contains(m.Sandbox)))
        {
            var expected = integration.Records(model).ToDictionary(r => r.Id, r => r.Deleted);
            var stored = await StoredAsync(table, integration.Id);
            var missing = expected.Keys.Where(id => !stored.ContainsKey(id)).Take(5).ToList();
            Assert.True(missing.Count == 0, $"{table}: {expected.Keys.Count(id => !stored.ContainsKey(id))} records not stored, e.g. {string.Join(", ", missing)}");
            foreach (var (id, deleted) in expected)
            {
                Assert.True(deleted == stored[id], $"{table} {id}: deleted in the sandbox = {deleted}, stored as deleted = {stored[id]}");
            }
        }
    }

    /// <summary>id → deleted, for one integration's rows of a table.</summary>
    public static async Task<Dictionary<string, bool>> StoredAsync(string table, string integration)
    {
        await using var command = TestDatabase.DataSource.CreateCommand(
            $"SELECT id, remote_deleted_at IS NOT NULL FROM {table} WHERE integration_id = @integration");
        command.Parameters.AddWithValue("integration", integration);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), reader.GetBoolean(1));
        }
        return rows;
    }

    public static async Task<JsonElement> StoredRecordAsync(string table, string integration, string id)
    {
        var json = await TestDatabase.ScalarAsync<string>(
            $"SELECT record::text FROM {table} WHERE integration_id = @integration AND id = @id", ("integration", integration), ("id", id));
        return JsonDocument.Parse(json ?? throw new InvalidOperationException($"{table} {id} is not stored")).RootElement;
    }

    public static Task<long> ChangesAsync(string integration, string kind, string? model = null) => TestDatabase.ScalarAsync<long>(
        "SELECT count(*) FROM change_feed WHERE integration_id = @integration AND kind = @kind AND (@model::text IS NULL OR model = @model)",
        ("integration", integration), ("kind", kind), ("model", (object?)model ?? DBNull.Value));
}
