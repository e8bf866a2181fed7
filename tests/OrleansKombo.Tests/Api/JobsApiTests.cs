using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

[Collection(KomboClusterCollection.Name)]
public sealed class JobsApiTests(KomboCluster fixture)
{
    private static readonly DateTimeOffset DecidedAt = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DeletedAt = new(2026, 2, 20, 7, 15, 0, TimeSpan.Zero);

    private HttpClient Api => fixture.Gateway.Api;

    /// <summary>
    /// open: OPEN, no lifecycle yet; closed: CLOSED with the grain's lifecycle; raw: a status Kombo passed through
    /// from the ATS; gone: deleted in the ATS; reopened: the grain's lifecycle says OPEN since it decided so.
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        await SyncedRows.JobAsync(integration, "open", "OPEN");
        await SyncedRows.JobAsync(integration, "closed", "CLOSED");
        await SyncedRows.LifecycleAsync(integration, "closed", "CLOSED", active: false, since: DecidedAt);
        await SyncedRows.JobAsync(integration, "raw", "PENDING_APPROVAL");
        await SyncedRows.JobAsync(integration, "gone", "OPEN", deletedAt: DeletedAt);
        await SyncedRows.JobAsync(integration, "reopened", "OPEN");
        await SyncedRows.LifecycleAsync(integration, "reopened", "OPEN", active: true, since: DecidedAt);
        return integration;
    }

    [Fact]
    public async Task Each_job_is_the_stored_record_plus_its_lifecycle_derived_from_the_record_until_the_grain_decides()
    {
        var integration = await SeedAsync();

        var jobs = (await Api.GetAllPagesAsync($"/api/integrations/{integration}/jobs?include_deleted=true&page_size=2"))
            .ToDictionary(j => j.GetProperty("id").GetString()!);

        Assert.Equal(["closed", "gone", "open", "raw", "reopened"], jobs.Keys.Order());
        Assert.Equal("Job open", jobs["open"].GetProperty("name").GetString());
        AssertLifecycle(jobs["open"], "OPEN", active: true, since: SyncedRows.SyncedAt, deletedAt: null);
        AssertLifecycle(jobs["closed"], "CLOSED", active: false, since: DecidedAt, deletedAt: null);
        AssertLifecycle(jobs["raw"], "CLOSED", active: false, since: SyncedRows.SyncedAt, deletedAt: null);
        AssertLifecycle(jobs["gone"], "DELETED", active: false, since: SyncedRows.SyncedAt, deletedAt: DeletedAt);
        AssertLifecycle(jobs["reopened"], "OPEN", active: true, since: DecidedAt, deletedAt: null);
    }

    [Theory]
    [InlineData("", new[] { "closed", "open", "raw", "reopened" })]
    [InlineData("status=OPEN", new[] { "open", "reopened" })]
    [InlineData("status=OPEN&include_deleted=true", new[] { "gone", "open", "reopened" })]
    [InlineData("status=CLOSED,DRAFT", new[] { "closed" })]
    [InlineData("status=ARCHIVED", new string[0])]
    [InlineData("active=true", new[] { "open", "reopened" })]
    [InlineData("active=false", new[] { "closed", "raw" })]
    [InlineData("active=false&include_deleted=true", new[] { "closed", "gone", "raw" })]
    [InlineData("status=OPEN&active=false&include_deleted=true", new[] { "gone" })]
    public async Task Status_active_and_include_deleted_filter_the_jobs(string query, string[] expected)
    {
        var integration = await SeedAsync();

        var jobs = await Api.GetAllPagesAsync($"/api/integrations/{integration}/jobs?page_size=1&{query}");

        Assert.Equal(expected, jobs.Ids());
    }

    [Fact]
    public async Task A_job_by_id_carries_its_lifecycle_also_once_deleted()
    {
        var integration = await SeedAsync();

        var gone = await Api.GetJsonAsync($"/api/integrations/{integration}/jobs/gone");

        Assert.Equal("gone", gone.GetProperty("id").GetString());
        AssertLifecycle(gone, "DELETED", active: false, since: SyncedRows.SyncedAt, deletedAt: DeletedAt);
    }

    private static void AssertLifecycle(JsonElement job, string state, bool active, DateTimeOffset since, DateTimeOffset? deletedAt)
    {
        var lifecycle = job.GetProperty("lifecycle");
        Assert.Equal(state, lifecycle.GetProperty("state").GetString());
        Assert.Equal(active, lifecycle.GetProperty("active").GetBoolean());
        Assert.Equal(since, lifecycle.GetProperty("since").GetDateTimeOffset());
        var deleted = lifecycle.GetProperty("deleted_at");
        Assert.Equal(deletedAt, deleted.ValueKind == JsonValueKind.Null ? null : deleted.GetDateTimeOffset());
    }
}
