namespace OrleansKombo.Webhooks;

/// <summary>Kombo's webhook <c>type</c> names and the record each one's <c>data</c> is read into.</summary>
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

    public static IReadOnlyDictionary<string, Type> DataTypes { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [DataChanged] = typeof(DataChanged),
        [SyncFinished] = typeof(SyncFinished),
        [IntegrationCreated] = typeof(IntegrationCreated),
        [IntegrationDeleted] = typeof(IntegrationDeleted),
        [IntegrationStateChanged] = typeof(IntegrationStateChanged),
        [ConnectionFlowFailed] = typeof(ConnectionFlowFailed),
        [AssessmentOrderReceived] = typeof(AssessmentOrderReceived),
        [InlineAssessmentOrderReceived] = typeof(AssessmentOrderReceived),
        [AiApplyApplicationStatusUpdated] = typeof(AiApplyApplicationStatusUpdated),
        [AiApplyJobPostingStatusUpdated] = typeof(AiApplyJobPostingStatusUpdated),
    };
}
