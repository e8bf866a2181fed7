using System.Net;
using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

[Collection(KomboClusterCollection.Name)]
public sealed class ChangeFeedApiTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private async Task<(string Integration, long[] Seqs)> SeedAsync()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var other = await SyncedRows.CreateIntegrationAsync(fixture);
        var seqs = new List<long>();
        seqs.Add(await SyncedRows.ChangeAsync(integration, "jobs", "job-1", "CREATED", ["name", "status"], null, new { id = "job-1", status = "OPEN" }));
        await SyncedRows.ChangeAsync(other, "jobs", "job-1", "CREATED", ["name"], null, new { id = "job-1" });
        seqs.Add(await SyncedRows.ChangeAsync(integration, "jobs", "job-1", "UPDATED", ["status"], new { status = "OPEN" }, new { status = "CLOSED" }));
        seqs.Add(await SyncedRows.ChangeAsync(integration, "application_stages", "stage-1", "CREATED", ["name"], null, new { name = "Screen" }));
        seqs.Add(await SyncedRows.ChangeAsync(integration, "candidates", "cand-1", "UPDATED", ["first_name"], new { first_name = "Ada" }, new { first_name = "Augusta" }));
        seqs.Add(await SyncedRows.ChangeAsync(integration, "jobs", "job-1", "DELETED", ["remote_deleted_at"], new { remote_deleted_at = (string?)null },
            new { remote_deleted_at = "2026-03-01T00:00:00Z" }));
        return (integration, seqs.ToArray());
    }

    [Fact]
    public async Task The_feed_pages_oldest_first_through_this_integrations_changes_only()
    {
        var (integration, seqs) = await SeedAsync();

        var first = await Api.GetJsonAsync($"/api/integrations/{integration}/changes?page_size=2");
        var all = await Api.GetAllPagesAsync($"/api/integrations/{integration}/changes?page_size=2");

        Assert.Equal(seqs.Take(2), Seqs(first));
        Assert.Equal(seqs, all.Select(Seq));
        var update = all[1];
        Assert.Equal("jobs", update.GetProperty("model").GetString());
        Assert.Equal("job-1", update.GetProperty("id").GetString());
        Assert.Equal("UPDATED", update.GetProperty("kind").GetString());
        Assert.Equal(["status"], update.GetProperty("changed_fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("OPEN", update.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("CLOSED", update.GetProperty("after").GetProperty("status").GetString());
        Assert.True(update.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(JsonValueKind.Null, all[0].GetProperty("before").ValueKind);
    }

    [Fact]
    public async Task After_starts_past_a_seq_and_a_cursor_from_the_same_walk_continues_it()
    {
        var (integration, seqs) = await SeedAsync();

        var fromSecond = await Api.GetJsonAsync($"/api/integrations/{integration}/changes?after={seqs[1]}&page_size=1");
        var cursor = fromSecond.GetProperty("next").GetString();
        var continued = await Api.GetJsonAsync($"/api/integrations/{integration}/changes?after={seqs[1]}&page_size=1&cursor={cursor}");
        var atTheEnd = await Api.GetJsonAsync($"/api/integrations/{integration}/changes?after={seqs[^1]}");

        Assert.Equal([seqs[2]], Seqs(fromSecond));
        Assert.Equal([seqs[3]], Seqs(continued));
        Assert.Empty(atTheEnd.GetProperty("results").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, atTheEnd.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task A_cursor_that_points_before_after_is_refused()
    {
        var (integration, seqs) = await SeedAsync();
        var page = await Api.GetJsonAsync($"/api/integrations/{integration}/changes?page_size=1");
        var cursor = page.GetProperty("next").GetString();

        await Api.AssertErrorAsync($"/api/integrations/{integration}/changes?after={seqs[2]}&cursor={cursor}",
            HttpStatusCode.BadRequest, "after");
    }

    private static long Seq(JsonElement change) => change.GetProperty("seq").GetInt64();

    private static IEnumerable<long> Seqs(JsonElement page) => page.GetProperty("results").EnumerateArray().Select(Seq);
}
