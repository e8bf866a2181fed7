using System.Text.Json;
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

    /// <summary>After a failure or a "not ready yet", no pull is tried before this.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    public int FailedAttempts { get; set; }

    /// <summary>Job grains have been told about every change-feed row up to here.</summary>
    public long ChangesNotifiedThroughSeq { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>When the synced data of a deleted integration was purged (<c>Sync:RetainDeletedFor</c> after deletion).</summary>
    public DateTimeOffset? DataPurgedAt { get; set; }

    public IntegrationHealth Health => this switch
    {
        { State: IntegrationLifecycle.Invalid } => IntegrationHealth.NeedsCustomerAction,
        { LastSync.SyncState: var s } when SyncStates.CustomerFailure(s) => IntegrationHealth.NeedsCustomerAction,
        { LastSync.SyncState: var s } when SyncStates.KomboFailure(s) => IntegrationHealth.KomboIssue,
        { LastPull.Status: PullStatus.Failed } => IntegrationHealth.Degraded,
        _ => IntegrationHealth.Ok,
    };

    public IntegrationStatus ToStatus() => new(Id, Tool, Category, State, Setup, Health, LastSync, LastPull, Watermark,
        PullRequestedAt, ReconcileRequestedAt, LastReconcileAt, RetryAt, Pull is null ? null : KomboJson.Name(Pull.Mode));

    /// <summary>A deep copy: changes are made on a copy and swapped in only once they are committed.</summary>
    public IntegrationState Clone() =>
        JsonSerializer.Deserialize<IntegrationState>(JsonSerializer.Serialize(this, KomboJson.Options), KomboJson.Options)!;
}
