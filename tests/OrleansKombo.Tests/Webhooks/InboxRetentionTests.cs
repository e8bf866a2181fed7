using System.Net;
using System.Text.Json;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Requirement 8 of issue 14 for the inbox: bodies are purged after <c>Webhooks:RetainBodiesFor</c> (30 days), rows after
/// <c>Webhooks:RetainIdsFor</c> (90 days); until then a repeat still gets its first answer. Unfinished rows are never purged.
/// </summary>
public sealed class InboxRetentionTests
{
    [Fact]
    public async Task Bodies_go_after_30_days_rows_after_90_and_a_repeat_in_between_still_gets_its_first_answer()
    {
        await TestDatabase.EnsureMigratedAsync();
        var service = $"svc-{Guid.NewGuid():N}";
        var rows = new Dictionary<string, (int DaysAgo, string Status)>
        {
            [KomboEvents.NewId()] = (29, "PROCESSED"),
            [KomboEvents.NewId()] = (31, "PROCESSED"),
            [KomboEvents.NewId()] = (31, "DEAD"),
            [KomboEvents.NewId()] = (91, "IGNORED"),
            [KomboEvents.NewId()] = (100, "FAILED"),
        };
        foreach (var (id, (days, status)) in rows)
        {
            await TestDatabase.ScalarAsync<int>("""
                INSERT INTO webhook_inbox (id, type, integration_id, received_at, body, body_sha256, body_bytes, status, answer_status,
                                           answer_body, attempts, processed_at, service_id)
                VALUES (@id, 'data-changed', 'int-r', now() - make_interval(days => @days), @body, '\x00ff'::bytea, 42, @status,
                        CASE WHEN @status = 'FAILED' THEN NULL ELSE 200 END, NULL, 1, now(), @service)
                RETURNING 1
                """, ("id", id), ("days", days), ("body", $$$"""{"id":"{{{id}}}","type":"data-changed","data":{"integration_id":"int-r"}}"""),
                ("status", status), ("service", service));
        }

        await using var gateway = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", service,
            new Dictionary<string, string> { ["Webhooks:PurgeEvery"] = "00:00:00.200" });
        var (young, purged, dead, old, unfinished) = (rows.Keys.ElementAt(0), rows.Keys.ElementAt(1), rows.Keys.ElementAt(2),
            rows.Keys.ElementAt(3), rows.Keys.ElementAt(4));
        await Poll.UntilAsync(async () => await InboxRows.CountAsync(old) == 0, "the 91-day-old row is deleted");

        var kept = await gateway.Api.GetJsonAsync($"/api/webhooks/{purged}");
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("body").ValueKind);
        Assert.Equal(JsonValueKind.String, kept.GetProperty("body_purged_at").ValueKind);
        Assert.Equal("00ff", kept.GetProperty("body_sha256").GetString());
        Assert.Equal(42, kept.GetProperty("body_bytes").GetInt32());
        Assert.Equal(JsonValueKind.Null, (await gateway.Api.GetJsonAsync($"/api/webhooks/{dead}")).GetProperty("body").ValueKind);
        Assert.Equal(JsonValueKind.Object, (await gateway.Api.GetJsonAsync($"/api/webhooks/{young}")).GetProperty("body").ValueKind);
        var stillThere = await gateway.Api.GetJsonAsync($"/api/webhooks/{unfinished}");
        Assert.Equal(JsonValueKind.Object, stillThere.GetProperty("body").ValueKind);

        // The id outlives the body: Kombo's late repeat gets the first answer and is not processed again.
        var repeat = await gateway.Webhooks.SendRawAsync($$$"""{"id":"{{{purged}}}","type":"data-changed","data":{"integration_id":"int-r"}}""");
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(1, await InboxRows.AttemptsAsync(purged));
        var replay = await gateway.Api.PostAsync($"/api/webhooks/{purged}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("purged", await replay.ErrorMessageAsync());
    }
}
