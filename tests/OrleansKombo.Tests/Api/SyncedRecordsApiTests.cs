using System.Net;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

[Collection(KomboClusterCollection.Name)]
public sealed class SyncedRecordsApiTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    [Theory]
    [InlineData("ats_candidates", "candidates")]
    [InlineData("ats_applications", "applications")]
    [InlineData("ats_users", "users")]
    [InlineData("ats_tags", "tags")]
    [InlineData("ats_application_stages", "application-stages")]
    public async Task Each_model_pages_its_live_records_by_id_without_repeats(string table, string path)
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var other = await SyncedRows.CreateIntegrationAsync(fixture);
        foreach (var id in new[] { "r-3", "r-1", "r-5", "r-2", "r-4" })
        {
            await SyncedRows.RecordAsync(table, integration, id);
        }
        await SyncedRows.RecordAsync(table, integration, "r-0", deletedAt: SyncedRows.SyncedAt);
        await SyncedRows.RecordAsync(table, other, "r-9");

        var first = await Api.GetJsonAsync($"/api/integrations/{integration}/{path}?page_size=2");
        var all = await Api.GetAllPagesAsync($"/api/integrations/{integration}/{path}?page_size=2");

        Assert.Equal(["r-1", "r-2"], first.GetProperty("results").EnumerateArray().Ids());
        Assert.Equal(["r-1", "r-2", "r-3", "r-4", "r-5"], all.Ids());
        Assert.Equal("remote-r-3", all[2].GetProperty("remote_id").GetString());
    }

    [Fact]
    public async Task Deleted_records_are_listed_only_with_include_deleted_and_are_still_found_by_id()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        await SyncedRows.RecordAsync("ats_candidates", integration, "cand-live");
        await SyncedRows.RecordAsync("ats_candidates", integration, "cand-gone", deletedAt: SyncedRows.SyncedAt);

        var live = await Api.GetAllPagesAsync($"/api/integrations/{integration}/candidates?page_size=250");
        var withDeleted = await Api.GetAllPagesAsync($"/api/integrations/{integration}/candidates?include_deleted=true");
        var deleted = await Api.GetJsonAsync($"/api/integrations/{integration}/candidates/cand-gone");

        Assert.Equal(["cand-live"], live.Ids());
        Assert.Equal(["cand-gone", "cand-live"], withDeleted.Ids());
        Assert.Equal("cand-gone", deleted.GetProperty("id").GetString());
    }

    [Fact]
    public async Task One_record_by_id_is_the_stored_record_as_is()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        await SyncedRows.RecordAsync("ats_application_stages", integration, "stage-1");

        var stage = await Api.GetJsonAsync($"/api/integrations/{integration}/application-stages/stage-1");

        Assert.Equal(["id", "remote_id"], stage.EnumerateObject().Select(p => p.Name));
        Assert.Equal("remote-stage-1", stage.GetProperty("remote_id").GetString());
    }

    [Fact]
    public async Task An_integration_without_records_lists_an_empty_page()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);

        var page = await Api.GetJsonAsync($"/api/integrations/{integration}/tags");

        Assert.Empty(page.GetProperty("results").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Unknown_integrations_and_records_are_404_naming_the_unknown_id()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var unknown = KomboEvents.NewIntegrationId();

        foreach (var path in new[]
        {
            $"/api/integrations/{unknown}", $"/api/integrations/{unknown}/users", $"/api/integrations/{unknown}/jobs",
            $"/api/integrations/{unknown}/jobs/job-1", $"/api/integrations/{unknown}/users/user-1", $"/api/integrations/{unknown}/changes",
        })
        {
            await Api.AssertErrorAsync(path, HttpStatusCode.NotFound, unknown);
        }
        await Api.AssertErrorAsync($"/api/integrations/{integration}/users/nobody", HttpStatusCode.NotFound, "'nobody'");
        await Api.AssertErrorAsync($"/api/integrations/{integration}/jobs/no-job", HttpStatusCode.NotFound, "'no-job'");
    }
}
