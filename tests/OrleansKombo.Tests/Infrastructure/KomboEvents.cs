namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Webhook envelopes shaped like Kombo's (../shared/kombo/README.md §5), each with a fresh event id.</summary>
public static class KomboEvents
{
    public static string NewId() => $"evt_{Guid.NewGuid():N}";

    public static string NewIntegrationId(string tool = "greenhouse") => $"{tool}:{Guid.NewGuid():N}";

    private static readonly object EndUser = new { organization_name = "Acme GmbH", creator_email = "it@acme.example", origin_id = "acme-1" };

    public static object SyncFinished(string integrationId, string syncState = "SUCCEEDED", string? syncId = null, DateTimeOffset? endedAt = null)
    {
        var ended = endedAt ?? DateTimeOffset.UtcNow;
        return Envelope("sync-finished", new
        {
            sync_id = syncId ?? $"sync_{Guid.NewGuid():N}",
            sync_state = syncState,
            sync_started_at = ended.AddMinutes(-2),
            sync_ended_at = ended,
            sync_duration_seconds = 120,
            integration_id = integrationId,
            integration_tool = integrationId.Split(':')[0],
            integration_category = "ATS",
            end_user = EndUser,
            log_url = "https://app.kombo.dev/env/test/logs/x",
        });
    }

    public static object DataChanged(string integrationId, params string[] models) => Envelope("data-changed", new
    {
        integration_id = integrationId,
        integration_tool = integrationId.Split(':')[0],
        integration_category = "ATS",
        changed_models = (models.Length == 0 ? ["ats_jobs"] : models).Select(name => new { name }),
    });

    public static object IntegrationCreated(string integrationId) => Envelope("integration-created", new
    {
        id = integrationId,
        tool = integrationId.Split(':')[0],
        category = "ATS",
        end_user = EndUser,
    });

    public static object IntegrationStateChanged(string integrationId, string state, DateTimeOffset updatedAt) =>
        Envelope("integration-state-changed", new
        {
            integration_tool = integrationId.Split(':')[0],
            integration_id = integrationId,
            integration_category = "ATS",
            end_user = EndUser,
            qa_status = "PASSED",
            setup_status = "COMPLETED",
            state,
            updated_at = updatedAt,
        });

    public static object IntegrationDeleted(string integrationId, DateTimeOffset? deletedAt = null) => Envelope("integration-deleted", new
    {
        id = integrationId,
        tool = integrationId.Split(':')[0],
        category = "ATS",
        end_user = EndUser,
        deleted_at = deletedAt ?? DateTimeOffset.UtcNow,
    });

    public static object OrderReceived(string integrationId, string orderId, string? email = "ada@example.com",
        string packageId = "pkg-skills", bool inline = false) => Envelope(
        inline ? "inline-assessment:order-received" : "assessment:order-received", new
        {
            id = orderId,
            package_id = packageId,
            status = "OPEN",
            integration_id = integrationId,
            candidate = new { remote_id = "cand-1", email, first_name = "Ada", last_name = "Lovelace", phone = "+44 20 7946 0000" },
            application = new { remote_id = "app-1" },
            job = new
            {
                remote_id = "job-1",
                name = "Analyst",
                job_code = "AN-1",
                description = "<p>Numbers</p>",
                location = new { street_1 = (string?)null, street_2 = (string?)null, city = "London", state = (string?)null, zip_code = (string?)null, country = "GB", raw = "London" },
                hiring_team = Array.Empty<object>(),
            },
        });

    public static object Envelope(string type, object data, string? id = null) => new { id = id ?? NewId(), type, data };
}
