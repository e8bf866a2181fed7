using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

public sealed class ApplicationRecord : RemoteRecord
{
    public string? Outcome { get; set; }
    public string? RejectionReasonName { get; set; }
    public DateTime? RejectedAt { get; set; }
    public string? CurrentStageId => Stage?.Id;
    public string? JobId => Job?.Id;
    public string? CandidateId => CandidateOf?.Id;
    public List<ScreeningAnswer>? ScreeningQuestionAnswers { get; set; } = [];

    [JsonPropertyOrder(110)]
    public ApplicationCandidateView? Candidate => CandidateOf is { } c ? new ApplicationCandidateView(c) : null;

    [JsonPropertyOrder(111)]
    public StageRef? CurrentStage => Stage is { } s ? new StageRef(s) : null;

    [JsonPropertyOrder(112)]
    [JsonPropertyName("job")]
    public JobRef? JobView => Job is { } j ? new JobRef(j) : null;

    [JsonPropertyOrder(113)]
    public List<Interview> Interviews { get; set; } = [];

    [JsonPropertyOrder(114)]
    public List<Offer> Offers { get; set; } = [];

    [JsonIgnore]
    public CandidateRecord? CandidateOf { get; set; }

    [JsonIgnore]
    public StageRecord? Stage { get; set; }

    [JsonIgnore]
    public JobRecord? Job { get; set; }
}
