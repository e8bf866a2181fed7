using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrleansKombo.Catalog;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

/// <summary>
/// Puts an integration's synced data straight into PostgreSQL, the way the sync engine and the job grains leave
/// it, so the API is tested on exactly the rows it reads. Every test uses its own integration id.
/// </summary>
public static class SyncedRows
{
    /// <summary>A whole second, so it survives the round trip through PostgreSQL and JSON unchanged.</summary>
    public static readonly DateTimeOffset SyncedAt = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Created by a real integration-created webhook, so the row holds what the grain writes.</summary>
    public static async Task<string> CreateIntegrationAsync(KomboCluster fixture)
    {
        var integration = KomboEvents.NewIntegrationId();
        var response = await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationCreated(integration));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return integration;
    }

    /// <summary>A new integration (<see cref="CreateIntegrationAsync"/>) with these jobs, in this order.</summary>
    public static async Task<string> IntegrationWithJobsAsync(KomboCluster fixture, params KeyedJob[] jobs)
    {
        var integration = await CreateIntegrationAsync(fixture);
        foreach (var job in jobs)
        {
            await JsonRecordAsync("ats_jobs", integration, job.Id, new()
            {
                ["remote_id"] = "r-" + job.Id, ["name"] = job.Name, ["job_code"] = job.Code, ["post_url"] = job.Url, ["status"] = job.Status,
            }, job.Deleted);
        }
        return integration;
    }

    public static Task RecordAsync(string table, string integration, string id, DateTimeOffset? deletedAt = null) =>
        InsertAsync(table, integration, id, new { id, remote_id = "remote-" + id }, deletedAt);

    /// <summary>A record of the table's model with the given fields (its id is set from <paramref name="id"/>).</summary>
    public static Task JsonRecordAsync(string table, string integration, string id, Dictionary<string, object?> record,
        DateTimeOffset? deletedAt = null) =>
        InsertAsync(table, integration, id, new Dictionary<string, object?>(record) { ["id"] = id }, deletedAt);

    public static Task JobAsync(string integration, string id, string? status, DateTimeOffset? deletedAt = null) =>
        InsertAsync("ats_jobs", integration, id, new { id, remote_id = "remote-" + id, name = "Job " + id, status }, deletedAt);

    public static async Task LifecycleAsync(string integration, string jobId, string state, bool active, DateTimeOffset since,
        DateTimeOffset? deletedAt = null)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            INSERT INTO job_lifecycles (integration_id, job_id, state, active, since, deleted_at, transitions, version)
            VALUES (@integration, @job, @state, @active, @since, @deleted_at, '[]', 1)
            """);
        command.Parameters.AddWithValue("integration", integration);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("active", active);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.AddWithValue("deleted_at", (object?)deletedAt ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    /// <returns>The change's seq.</returns>
    public static async Task<long> ChangeAsync(string integration, string model, string recordId, string kind, string[] changedFields,
        object? before, object? after)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            INSERT INTO change_feed (integration_id, model, record_id, kind, changed_fields, before, after)
            VALUES (@integration, @model, @record, @kind, @fields, @before, @after)
            RETURNING seq
            """);
        command.Parameters.AddWithValue("integration", integration);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("record", recordId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("fields", changedFields);
        command.Parameters.Add(Json("before", before));
        command.Parameters.Add(Json("after", after));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The filter columns (remote_id, status, …) are generated from the record, as in production; a live record is
    /// counted in <c>record_counts</c>, as the record store counts it in the page's transaction.
    /// </summary>
    private static async Task InsertAsync(string table, string integration, string id, object record, DateTimeOffset? deletedAt)
    {
        var json = JsonSerializer.Serialize(record);
        var model = AtsModel.All.Single(m => m.Table == table);
        await using var command = TestDatabase.DataSource.CreateCommand($"""
            WITH inserted AS (
                INSERT INTO {table} (integration_id, id, remote_deleted_at, record, content_hash, synced_at)
                VALUES (@integration, @id, @deleted_at, @record, @hash, @synced_at)
                RETURNING remote_deleted_at)
            INSERT INTO record_counts AS c (integration_id, model, live)
            SELECT @integration, @model, 1 FROM inserted WHERE remote_deleted_at IS NULL
            ON CONFLICT (integration_id, model) DO UPDATE SET live = c.live + 1
            """);
        command.Parameters.AddWithValue("model", model.Name);
        command.Parameters.AddWithValue("integration", integration);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("deleted_at", (object?)deletedAt ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("record", NpgsqlDbType.Jsonb) { Value = json });
        command.Parameters.AddWithValue("hash", SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        command.Parameters.AddWithValue("synced_at", SyncedAt);
        await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlParameter Json(string name, object? value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value) };
}
