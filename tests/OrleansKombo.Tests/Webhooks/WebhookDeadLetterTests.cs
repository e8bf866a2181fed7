using System.Net;
using System.Text.Json;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Requirement 3 of issue 14 for the inbox: every retry loop ends. A row no grain takes becomes DEAD after
/// <see cref="WebhookInbox.MaxAttempts"/> attempts with its last error, <c>?status=DEAD</c> lists it, Kombo's repeats get
/// 503 at once, and an operator's replay revives it.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WebhookDeadLetterTests(KomboCluster fixture)
{
    /// <summary>A gateway of its own service whose cluster has no silo: every hand-over to a grain fails.</summary>
    private static Task<TestGateway> GatewayWithoutSilosAsync(string? serviceId = null) =>
        TestGateway.StartAsync($"test-{Guid.NewGuid():N}", serviceId ?? $"svc-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_row_that_fails_its_last_attempt_is_dead_with_its_error_and_a_replay_revives_it()
    {
        await TestDatabase.EnsureMigratedAsync();
        // An order: its answer waits for its grain, so a row no grain takes has no answer but the dead letter's.
        var envelope = KomboEvents.OrderReceived(KomboEvents.NewIntegrationId(), $"order_{Guid.NewGuid():N}", email: null);
        var id = JsonSerializer.SerializeToElement(envelope).GetProperty("id").GetString()!;
        await using (var lonely = await GatewayWithoutSilosAsync())
        {
            var first = await lonely.Webhooks.SendAsync(envelope);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.Equal("FAILED", await InboxRows.StatusAsync(id));

            // As if it had failed all but its last attempt over the past day; the sweeper makes the last one now.
            await TestDatabase.ScalarAsync<int>(
                "UPDATE webhook_inbox SET attempts = @attempts, next_attempt_at = now() WHERE id = @id RETURNING 1",
                ("attempts", WebhookInbox.MaxAttempts - 1), ("id", id));
            await Poll.UntilAsync(async () => await InboxRows.StatusAsync(id) == InboxStatus.Dead, "the last attempt fails and the row is DEAD",
                TimeSpan.FromSeconds(60));

            var dead = await lonely.Api.GetJsonAsync($"/api/webhooks/{id}");
            Assert.Equal(WebhookInbox.MaxAttempts, dead.GetProperty("attempts").GetInt32());
            Assert.False(string.IsNullOrEmpty(dead.GetProperty("last_error").GetString()));
            Assert.Equal(503, dead.GetProperty("answer").GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);
            var listed = await lonely.Api.GetJsonAsync("/api/webhooks?status=DEAD");
            Assert.Contains(listed.GetProperty("results").EnumerateArray(), r => r.GetProperty("id").GetString() == id);

            // Kombo's repeat: answered at once, nothing attempted.
            var repeat = await lonely.Webhooks.SendAsync(envelope);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, repeat.StatusCode);
            Assert.Contains("operator", await repeat.ErrorMessageAsync());
            Assert.Equal(WebhookInbox.MaxAttempts, await InboxRows.AttemptsAsync(id));

            // A replay that fails again revives it: FAILED, counted afresh, retried by the sweeper.
            var replayed = await lonely.Api.PostAsync($"/api/webhooks/{id}/replay", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, replayed.StatusCode);
            Assert.Equal("FAILED", await InboxRows.StatusAsync(id));
            Assert.InRange(await InboxRows.AttemptsAsync(id), 1, 3);
        }

        // Replayed where a cluster answers, it is processed.
        await Poll.UntilAsync(async () => (await fixture.Gateway.Api.PostAsync($"/api/webhooks/{id}/replay", null)).IsSuccessStatusCode,
            "the replay through a gateway with a cluster succeeds");
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(id));
    }

    [Fact]
    public async Task An_event_answered_on_receipt_that_no_grain_takes_is_dead_after_its_last_attempt_and_keeps_its_200()
    {
        await TestDatabase.EnsureMigratedAsync();
        var envelope = KomboEvents.SyncFinished(KomboEvents.NewIntegrationId());
        var id = JsonSerializer.SerializeToElement(envelope).GetProperty("id").GetString()!;
        await using var lonely = await GatewayWithoutSilosAsync();
        var first = await lonely.Webhooks.SendWithoutWaitingAsync(envelope);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Poll.UntilAsync(async () => await InboxRows.StatusAsync(id) == InboxStatus.Failed, "the first delivery after the answer fails");

        await TestDatabase.ScalarAsync<int>(
            "UPDATE webhook_inbox SET attempts = @attempts, next_attempt_at = now() WHERE id = @id RETURNING 1",
            ("attempts", WebhookInbox.MaxAttempts - 1), ("id", id));
        await Poll.UntilAsync(async () => await InboxRows.StatusAsync(id) == InboxStatus.Dead, "the last attempt fails and the row is DEAD");

        var dead = await lonely.Api.GetJsonAsync($"/api/webhooks/{id}");
        Assert.Equal(WebhookInbox.MaxAttempts, dead.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(dead.GetProperty("last_error").GetString()));
        Assert.Equal(200, dead.GetProperty("answer").GetProperty("status").GetInt32());

        // Kombo's repeat gets the first answer, and nothing is attempted.
        Assert.Equal(HttpStatusCode.OK, (await lonely.Webhooks.SendWithoutWaitingAsync(envelope)).StatusCode);
        Assert.Equal(WebhookInbox.MaxAttempts, await InboxRows.AttemptsAsync(id));

        // A replay that fails revives it (FAILED, counted afresh) and it still answers 200.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await lonely.Api.PostAsync($"/api/webhooks/{id}/replay", null)).StatusCode);
        Assert.Equal(InboxStatus.Failed, await InboxRows.StatusAsync(id));
        Assert.InRange(await InboxRows.AttemptsAsync(id), 1, 3);
        var revived = await lonely.Api.GetJsonAsync($"/api/webhooks/{id}");
        Assert.Equal(200, revived.GetProperty("answer").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_row_whose_last_attempt_never_finished_is_dead_too()
    {
        var service = $"svc-{Guid.NewGuid():N}";
        await using var lonely = await GatewayWithoutSilosAsync(service);
        var id = KomboEvents.NewId();
        await TestDatabase.ScalarAsync<int>("""
            INSERT INTO webhook_inbox (id, type, integration_id, body, status, attempts, lease_until, last_error, service_id)
            VALUES (@id, 'data-changed', 'int-x', '{}', 'RECEIVED', @attempts, now() - interval '1 minute', 'ClusterUnavailable: no silo', @service)
            RETURNING 1
            """, ("id", id), ("attempts", WebhookInbox.MaxAttempts), ("service", service));

        await Poll.UntilAsync(async () => await InboxRows.StatusAsync(id) == InboxStatus.Dead, "the sweeper buries the abandoned row");

        var row = await lonely.Api.GetJsonAsync($"/api/webhooks/{id}");
        Assert.Contains("no silo", row.GetProperty("last_error").GetString());
        Assert.Contains("never finished", row.GetProperty("last_error").GetString());
        Assert.Equal(WebhookInbox.MaxAttempts, row.GetProperty("attempts").GetInt32());
    }

}
