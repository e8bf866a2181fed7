namespace Kombo.Sandbox.Records;

/// <summary>An application as its candidate embeds it.</summary>
public sealed class CandidateApplicationView(ApplicationRecord application)
{
    public string Id => application.Id;
    public string? RemoteId => application.RemoteId;
    public string? Outcome => application.Outcome;
    public string? RejectionReasonName => application.RejectionReasonName;
    public DateTime? RejectedAt => application.RejectedAt;
    public string? RemoteUrl => application.RemoteUrl;
    public DateTime ChangedAt => application.ChangedAt;
    public DateTime? RemoteCreatedAt => application.RemoteCreatedAt;
    public DateTime? RemoteUpdatedAt => application.RemoteUpdatedAt;
    public StageRef? CurrentStage => application.Stage is { } s ? new StageRef(s) : null;
    public JobRef? Job => application.Job is { } j ? new JobRef(j) : null;
}
