namespace OrleansKombo.Webhooks;

/// <summary>
/// Kombo's webhook <c>type</c> names and, in <see cref="Shapes"/>, the one table of how each one's <c>data</c> is
/// read: its record and the keys we require (README "Webhook keys we require").
/// </summary>
public static class KomboEventTypes
{
    public const string DataChanged = "data-changed";
    public const string SyncFinished = "sync-finished";
    public const string IntegrationCreated = "integration-created";
    public const string IntegrationDeleted = "integration-deleted";
    public const string IntegrationStateChanged = "integration-state-changed";
    public const string ConnectionFlowFailed = "connection-flow-failed";
    public const string AssessmentOrderReceived = "assessment:order-received";
    public const string InlineAssessmentOrderReceived = "inline-assessment:order-received";
    public const string AiApplyApplicationStatusUpdated = "ai-apply-application-status-updated";
    public const string AiApplyJobPostingStatusUpdated = "ai-apply-job-posting-status-updated";

    /// <summary>Both order webhooks carry the same payload.</summary>
    private static readonly KomboEventShape Order = new(typeof(AssessmentOrderReceived), ["id", "integration_id", "package_id"]);

    /// <summary>
    /// The keys of <c>data</c> each type must carry, non-null (strings non-empty); a missing one is answered 400.
    /// Each list is a subset of the <c>required</c> list of that webhook's schema in Kombo's openapi.json: only the
    /// keys we cannot act without. That is less than the schema lists, because Kombo's own guides print events
    /// without keys its schema requires (the syncing guide's <c>sync-finished</c> has no <c>end_user</c>). The
    /// records' nullability follows this table (a test holds them to it).
    /// <list type="bullet">
    /// <item>the integration or order the event is about: without it there is no grain to hand it to;</item>
    /// <item><c>sync-finished</c>: what the integration records as its last sync and orders deliveries by;</item>
    /// <item><c>integration-state-changed</c>: the state itself and <c>updated_at</c>, which orders deliveries;</item>
    /// <item><c>integration-deleted</c>: <c>deleted_at</c>, from which the purge of the data is counted;</item>
    /// <item>orders: the package, which is what was ordered. A missing candidate or email is not a 400 but a 422
    /// the recruiter sees, so they can fix it in the ATS.</item>
    /// </list>
    /// Types no grain handles (connection-flow-failed, AI Apply) require nothing beyond the envelope.
    /// </summary>
    public static IReadOnlyDictionary<string, KomboEventShape> Shapes { get; } = new Dictionary<string, KomboEventShape>(StringComparer.Ordinal)
    {
        [DataChanged] = new(typeof(DataChanged), ["integration_id"]),
        [SyncFinished] = new(typeof(SyncFinished), ["integration_id", "sync_id", "sync_state", "sync_started_at", "sync_ended_at"]),
        [IntegrationCreated] = new(typeof(IntegrationCreated), ["id"]),
        [IntegrationDeleted] = new(typeof(IntegrationDeleted), ["id", "deleted_at"]),
        [IntegrationStateChanged] = new(typeof(IntegrationStateChanged), ["integration_id", "state", "updated_at"]),
        [ConnectionFlowFailed] = new(typeof(ConnectionFlowFailed), []),
        [AssessmentOrderReceived] = Order,
        [InlineAssessmentOrderReceived] = Order,
        [AiApplyApplicationStatusUpdated] = new(typeof(AiApplyApplicationStatusUpdated), []),
        [AiApplyJobPostingStatusUpdated] = new(typeof(AiApplyJobPostingStatusUpdated), []),
    };
}
