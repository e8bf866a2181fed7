using System.Text.Json;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Everything the integration grain remembers, stored as one row of <c>integrations</c> (see IntegrationStore).
/// Small and bounded: lifecycle, the last sync and pull, the watermark and the pull checkpoint; never records.
/// </summary>
public sealed class IntegrationState
{
    public required string Id { get; init; }

    public string? Tool { get; set; }

    public string? Category { get; set; }

    public KomboEndUser? EndUser { get; set; }

    public IntegrationLifecycle State { get; set; } = IntegrationLifecycle.Active;

    /// <summary>Kombo's <c>updated_at</c> of the state change we applied last; older deliveries are ignored.</summary>
    public DateTimeOffset? StateUpdatedAt { get; set; }

    public string? QaStatus { get; set; }

    /// <summary>Kombo's <c>log_url</c> from the last sync-finished that had one.</summary>
    public string? LogUrl { get; set; }

    /// <summary>Kombo's own setup_status (INCOMPLETE, FINAL_SYNC_PENDING, COMPLETED).</summary>
    public string? KomboSetupStatus { get; set; }

    public SetupPhase Setup { get; set; } = SetupPhase.PendingFirstSync;

    public LastSync? LastSync { get; set; }

    public LastPull? LastPull { get; set; }

    /// <summary>The <c>updated_after</c> the next delta pull sends; null until a full pull has finished.</summary>
    public DateTimeOffset? Watermark { get; set; }

    /// <summary>Set when a webhook or operator asks for a pull; several requests coalesce into one.</summary>
    public DateTimeOffset? PullRequestedAt { get; set; }

    /// <summary>Set when a full re-read is due or was asked for.</summary>
    public DateTimeOffset? ReconcileRequestedAt { get; set; }

    /// <summary>When the last completed full read began; the next is due <c>Sync:ReconcileEvery</c> later.</summary>
    public DateTimeOffset? LastReconcileAt { get; set; }

    /// <summary>The pull under way, committed with every page; null between pulls.</summary>
    public PullCheckpoint? Pull { get; set; }

    /// <summary>The history row of the pull under way, or of the last one (<see cref="PullRecord"/>).</summary>
    public PullRecord? PullRecord { get; set; }

    /// <summary>After a failure or a "not ready yet", no pull is tried before this.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    public int FailedAttempts { get; set; }

    /// <summary>Job grains have been told about every change-feed row up to here.</summary>
    public long ChangesNotifiedThroughSeq { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>When the synced data of a deleted integration was purged (<c>Sync:RetainDeletedFor</c> after deletion).</summary>
    public DateTimeOffset? DataPurgedAt { get; set; }

    /// <summary>Per model name, how reading it goes (<see cref="ModelStatus"/>); entries appear as models are read or refused.</summary>
    public Dictionary<string, ModelStatus> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Set by a delivered sync-finished: the next pull tries the unavailable models again, whenever they were last tried.</summary>
    public bool UnavailableModelsDue { get; set; }

    /// <summary>Since when Kombo says it does not know the integration; no pulls until a webhook names it (or an operator asks).</summary>
    public DateTimeOffset? GoneSince { get; set; }

    /// <summary>What the last setback meant (<see cref="KomboErrors"/>); null once a read succeeds again.</summary>
    public KomboErrorKind? Problem { get; set; }

    public IntegrationHealth Health => Assess().Health;

    /// <summary>Why <see cref="Health"/> is what it is; null when all is well.</summary>
    public string? HealthReason => Assess().Reason;

    /// <summary>
    /// Who has to act, if anyone, and why: the one place that decides <see cref="Health"/>. The customer comes first,
    /// then Kombo, then us (DEGRADED), as the first party that must act is the one worth naming.
    /// </summary>
    private (IntegrationHealth Health, string? Reason) Assess() => this switch
    {
        { State: IntegrationLifecycle.Invalid } =>
            (IntegrationHealth.NeedsCustomerAction, "Kombo says the integration is INVALID: the customer must reconnect it."),
        { State: IntegrationLifecycle.Inactive } =>
            (IntegrationHealth.Ok, "Kombo says the integration is INACTIVE: no pulls until integration-state-changed says ACTIVE."),
        { LastSync.SyncState: var s } when SyncStates.CustomerFailure(s) =>
            (IntegrationHealth.NeedsCustomerAction, $"Kombo's last sync ended {s}: the customer must fix the ATS credentials."),
        { Problem: KomboErrorKind.SetupIncomplete or KomboErrorKind.CustomerCredentials } =>
            (IntegrationHealth.NeedsCustomerAction, LastPull?.Error),
        { LastSync.SyncState: var s } when SyncStates.KomboFailure(s) =>
            (IntegrationHealth.KomboIssue, $"Kombo's last sync ended {s}; the last good data stays."),
        { Problem: KomboErrorKind.QaFailed } => (IntegrationHealth.KomboIssue, LastPull?.Error),
        { GoneSince: { } since } => (IntegrationHealth.Degraded,
            $"Kombo does not know this integration ({KomboErrorCodes.IntegrationNotFound}) since {RecordFields.Format(since)}: no pulls until a webhook names it or an operator asks for a sync."),
        { Problem: KomboErrorKind.OurCredentials } =>
            (IntegrationHealth.Degraded, $"Kombo refuses our API key or address: an operator must fix Kombo:ApiKey. {LastPull?.Error}"),
        { LastPull.Status: PullStatus.Failed } => (IntegrationHealth.Degraded, LastPull?.Error),
        _ when AtsModel.All.All(m => Models.GetValueOrDefault(m.Name)?.IsUnavailable == true) =>
            (IntegrationHealth.NeedsCustomerAction, "Kombo refuses every model (see models): the customer must grant the permissions or enable them."),
        _ => (IntegrationHealth.Ok, null),
    };

    public IntegrationStatus ToStatus() => new(Id, Tool, Category, State, Setup, Health, LastSync, LastPull, Watermark,
        PullRequestedAt, ReconcileRequestedAt, LastReconcileAt, RetryAt, Pull is null ? null : KomboJson.Name(Pull.Mode),
        new Dictionary<string, ModelStatus>(Models, StringComparer.Ordinal), GoneSince, HealthReason);

    /// <summary>A deep copy: changes are made on a copy and swapped in only once they are committed.</summary>
    public IntegrationState Clone() =>
        JsonSerializer.Deserialize<IntegrationState>(JsonSerializer.Serialize(this, KomboJson.Options), KomboJson.Options)!;
}
