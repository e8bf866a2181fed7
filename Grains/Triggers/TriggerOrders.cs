using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansKombo.Assessment;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Triggers;

/// <summary>
/// Turns trigger rules into orders of source TRIGGER (issue 12 §2), set-based and inside the caller's transaction: for a
/// pull's page the page's own, so a page and the orders it causes commit together (a crash before the commit loses
/// both, and the page is read again; after it, both are there). One statement finds the hits, checks the job (active,
/// and selected or listed as the rule asks) and claims each (application, package) in trigger_orders, whose key makes
/// a second claim impossible; the claimed ones are decided by the same <see cref="OrderDecider"/> as Kombo's orders and
/// stored with their invitation by the same <see cref="OrderStore"/> and <see cref="InvitationOutbox"/>. No grain call
/// inside the transaction: the caller reads the packages first (<see cref="PackagesAsync"/>) and hands them in.
/// </summary>
public sealed class TriggerOrders(
    OrdersOptions options,
    InvitationOptions invitations,
    InvitationOutbox outbox,
    InvitationSignal signal,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<TriggerOrders> logger)
{
    /// <summary>
    /// The hits of a page of applications: one entered a rule's stage (its stage matches now and did not before this
    /// change; a new one counts unless it comes with the integration's first sync and the rule does not include existing
    /// applications), or its candidate, as the application embeds it, gained a rule's tag (the same way).
    /// </summary>
    private const string ApplicationHits = """
        SELECT a.id AS application_id, r.package_id, r.rule_id, 0 AS round
          FROM change_feed f
          JOIN ats_applications a ON a.integration_id = f.integration_id AND a.id = f.record_id
          JOIN rules r ON true
         WHERE f.integration_id = @integration AND f.seq = ANY(@seqs) AND f.kind = ANY(@kinds)
           AND CASE WHEN r.tag_name_key IS NULL
                    THEN trigger_stage_matches(r.stage_id, r.stage_name_key, a.record)
                         AND CASE WHEN f.kind = @created THEN NOT @first OR r.include_existing
                                  ELSE NOT trigger_stage_matches(r.stage_id, r.stage_name_key, a.record || coalesce(f.before, '{}')) END
                    ELSE trigger_has_tag(a.record->'candidate'->'tags', r.tag_name_key)
                         AND CASE WHEN f.kind = @created THEN NOT @first OR r.include_existing
                                  ELSE NOT trigger_has_tag((a.record || coalesce(f.before, '{}'))->'candidate'->'tags', r.tag_name_key) END
               END
        """;

    /// <summary>The hits of a page of candidates: one gained a rule's tag; each of its applications is hit.</summary>
    private const string CandidateHits = """
        SELECT app->>'id' AS application_id, r.package_id, r.rule_id, 0 AS round
          FROM change_feed f
          JOIN ats_candidates c ON c.integration_id = f.integration_id AND c.id = f.record_id
          JOIN rules r ON r.tag_name_key IS NOT NULL
         CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.record->'applications') = 'array'
                                                      THEN c.record->'applications' ELSE '[]'::jsonb END) AS app
         WHERE f.integration_id = @integration AND f.seq = ANY(@seqs) AND f.kind = ANY(@kinds)
           AND trigger_has_tag(c.record->'tags', r.tag_name_key)
           AND CASE WHEN f.kind = @created THEN NOT @first OR r.include_existing
                    ELSE NOT trigger_has_tag((c.record || coalesce(f.before, '{}'))->'tags', r.tag_name_key) END
        """;

    /// <summary>Every live application the rules <c>@rule_ids</c> match now: include_existing when a rule is created.</summary>
    private const string ExistingHits = """
        SELECT a.id AS application_id, r.package_id, r.rule_id, 0 AS round
          FROM ats_applications a
          JOIN rules r ON r.rule_id = ANY(@rule_ids)
         WHERE a.integration_id = @integration AND a.remote_deleted_at IS NULL
           AND CASE WHEN r.tag_name_key IS NULL THEN trigger_stage_matches(r.stage_id, r.stage_name_key, a.record)
                    ELSE trigger_has_tag(a.record->'candidate'->'tags', r.tag_name_key) END
        """;

    /// <summary>An operator's re-trigger: the next round of the (application, package).</summary>
    private const string RetriggerHit = """
        SELECT @application::text AS application_id, @package::text AS package_id, NULL::text AS rule_id,
               coalesce((SELECT max(t.round) FROM trigger_orders t
                          WHERE t.integration_id = @integration AND t.application_id = @application AND t.package_id = @package), 0) + 1 AS round
        """;

    /// <summary>Whether a page of <paramref name="model"/> can trigger orders (applications and candidates do).</summary>
    public static bool Watches(AtsModel model) => model == AtsModel.Applications || model == AtsModel.Candidates;

    /// <summary>
    /// The integration's packages, read before a transaction that may create orders opens: a grain call inside it would
    /// hold the page's locks (and a pooled connection) for as long as the grain takes to answer.
    /// </summary>
    public Task<PackageSet> PackagesAsync(string integrationId) => grains.GetGrain<IAssessmentGrain>(integrationId).GetPackages();

    /// <summary>Orders for what a committed-to-be page of <paramref name="model"/> changed; the count of new orders.</summary>
    /// <param name="firstSync">The integration's first pull: what it creates was there before us, not an entry into a stage.</param>
    /// <param name="packages">The integration's packages, read (<see cref="PackagesAsync"/>) before the page's transaction opened.</param>
    public Task<int> FromPageAsync(NpgsqlConnection connection, string integrationId, AtsModel model, IReadOnlyList<RecordChange> changes,
        bool firstSync, IntegrationLifecycle integration, PackageSet packages, CancellationToken cancellationToken)
    {
        var hits = model == AtsModel.Applications ? ApplicationHits : model == AtsModel.Candidates ? CandidateHits : null;
        if (hits is null || changes.Count == 0)
        {
            return Task.FromResult(0);
        }
        return FromPageLockedAsync(connection, integrationId, hits, changes, firstSync, integration, packages, cancellationToken);
    }

    private async Task<int> FromPageLockedAsync(NpgsqlConnection connection, string integrationId, string hits, IReadOnlyList<RecordChange> changes,
        bool firstSync, IntegrationLifecycle integration, PackageSet packages, CancellationToken cancellationToken)
    {
        await LockRulesAsync(connection, integrationId, exclusive: false, cancellationToken);
        // Without a rule there is no hit. Asked in a statement after the lock (so it sees a rule whose writer we waited
        // for; none can commit before our transaction ends), it spares every page of an integration without rules the
        // hits query, which before a growing table's first ANALYZE cost seconds a page (issue 16: most of the sync's
        // PostgreSQL CPU in a 58k-record first sync).
        if (!await HasRulesAsync(connection, integrationId, cancellationToken))
        {
            return 0;
        }
        return await CreateAsync(connection, integrationId, hits, integration, packages, p =>
        {
            p.AddWithValue("seqs", changes.Where(c => c.Kind != ChangeKind.Deleted).Select(c => c.Seq).ToArray());
            p.AddWithValue("kinds", new[] { ChangeKind.Created, ChangeKind.Updated });
            p.AddWithValue("created", ChangeKind.Created);
            p.AddWithValue("first", firstSync);
        }, cancellationToken);
    }

    /// <summary>
    /// Orders a page's transaction (shared) against one that replaces the rules (exclusive), until the end of each: a
    /// page written while a rule with include_existing is stored is either seen by the rule's look at what exists
    /// (the page committed first) or sees the rule itself (it waited), never neither. Taken in a statement of its own,
    /// before the statement that reads the rules, so that statement's snapshot follows the other's commit.
    /// </summary>
    public static async Task LockRulesAsync(NpgsqlConnection connection, string integrationId, bool exclusive, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(exclusive
            ? "SELECT pg_advisory_xact_lock(hashtextextended('trigger_rules:' || @integration, 0))"
            : "SELECT pg_advisory_xact_lock_shared(hashtextextended('trigger_rules:' || @integration, 0))", connection);
        command.Parameters.AddWithValue("integration", integrationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> HasRulesAsync(NpgsqlConnection connection, string integrationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM trigger_rule_rows WHERE integration_id = @integration)", connection);
        command.Parameters.AddWithValue("integration", integrationId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Orders for every application the rules <paramref name="ruleIds"/> match now (include_existing on a new rule).</summary>
    public Task<int> ExistingAsync(NpgsqlConnection connection, string integrationId, IReadOnlyCollection<string> ruleIds,
        IntegrationLifecycle integration, PackageSet packages, CancellationToken cancellationToken) =>
        ruleIds.Count == 0
            ? Task.FromResult(0)
            : CreateAsync(connection, integrationId, ExistingHits, integration, packages, p => p.AddWithValue("rule_ids", ruleIds.ToArray()), cancellationToken);

    /// <summary>A new order for the application and package on an operator's request; 0 when the application or its active job is not there.</summary>
    public Task<int> RetriggerAsync(NpgsqlConnection connection, string integrationId, string applicationId, string packageId,
        IntegrationLifecycle integration, PackageSet packages, CancellationToken cancellationToken) =>
        CreateAsync(connection, integrationId, RetriggerHit, integration, packages, p =>
        {
            p.AddWithValue("application", applicationId);
            p.AddWithValue("package", packageId);
        }, cancellationToken);

    /// <summary>Wakes the invitation senders once the transaction that queued invitations has committed.</summary>
    public void Committed(int created)
    {
        if (created > 0)
        {
            signal.Notify();
        }
    }

    private async Task<int> CreateAsync(NpgsqlConnection connection, string integrationId, string hits, IntegrationLifecycle integration,
        PackageSet packages, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            WITH rules AS (SELECT * FROM trigger_rule_rows WHERE integration_id = @integration),
            hits AS ({hits}),
            eligible AS (
                SELECT DISTINCT ON (h.application_id, h.package_id)
                       h.application_id, h.package_id, h.rule_id, h.round, a.record AS application, j.remote_id AS job_remote_id,
                       j.record->>'name' AS job_name
                  FROM hits h
                  LEFT JOIN rules r ON r.rule_id = h.rule_id
                  JOIN ats_applications a ON a.integration_id = @integration AND a.id = h.application_id AND a.remote_deleted_at IS NULL
                  JOIN job_view j ON j.integration_id = @integration AND j.id = a.record->>'job_id'
                 WHERE j.active
                   AND (h.rule_id IS NULL OR r.jobs IS NULL OR r.jobs = '"ALL"'::jsonb OR (r.jobs = '"SELECTED"'::jsonb AND j.selected)
                        OR (jsonb_typeof(r.jobs) = 'array' AND r.jobs ? j.id))
                 ORDER BY h.application_id, h.package_id, h.rule_id),
            claimed AS (
                INSERT INTO trigger_orders (integration_id, application_id, package_id, round, order_id, rule_id)
                SELECT @integration, application_id, package_id, round, trigger_order_id(@integration, application_id, package_id, round), rule_id
                  FROM eligible
                ON CONFLICT DO NOTHING
                RETURNING application_id, package_id, order_id, rule_id)
            SELECT c.order_id, c.package_id, c.rule_id, e.application::text, e.job_remote_id, e.job_name
              FROM claimed c JOIN eligible e ON e.application_id = c.application_id AND e.package_id = c.package_id
            """, connection);
        command.Parameters.AddWithValue("integration", integrationId);
        parameters(command.Parameters);
        var claimed = new List<(string OrderId, string PackageId, string? RuleId, string Application, string? JobRemoteId, string? JobName)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }
        if (claimed.Count == 0)
        {
            return 0;
        }

        var decider = new OrderDecider(new TriggerFacts(integration, packages), options, invitations, clock);
        foreach (var hit in claimed)
        {
            var order = Order(integrationId, hit.OrderId, hit.PackageId, hit.Application, hit.JobRemoteId, hit.JobName);
            var (state, invitation) = await decider.DecideAsync(hit.OrderId, order, inline: false, OrderSource.Trigger);
            await OrderStore.AddNewAsync(connection, state);
            if (invitation is not null)
            {
                await outbox.AddAsync(connection, invitations.Channel, invitation);
            }
        }
        logger.LogInformation("Integration {IntegrationId}: {Count} orders started by trigger rules", integrationId, claimed.Count);
        return claimed.Count;
    }

    /// <summary>The order as Kombo's order event would carry it, from the application as the pull keeps it (no phone number).</summary>
    public static AssessmentOrderReceived Order(string integrationId, string orderId, string packageId, string applicationJson, string? jobRemoteId,
        string? jobName)
    {
        using var document = JsonDocument.Parse(applicationJson);
        var application = document.RootElement;
        var candidate = application.TryGetProperty("candidate", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        string? Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var email = candidate.ValueKind == JsonValueKind.Object && candidate.TryGetProperty("email_addresses", out var emails)
                    && emails.ValueKind == JsonValueKind.Array
            ? emails.EnumerateArray().Select(e => Text(e, "email_address")).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e))
            : null;
        return new AssessmentOrderReceived(orderId, packageId, "OPEN", integrationId,
            new OrderCandidate(Text(candidate, "remote_id"), email, Text(candidate, "first_name"), Text(candidate, "last_name"), null),
            new OrderApplication(Text(application, "remote_id"), Text(application, "id")),
            new OrderJob(jobRemoteId, jobName, null, null, null, null));
    }
}
