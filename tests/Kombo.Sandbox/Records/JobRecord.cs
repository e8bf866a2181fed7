using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

public sealed class JobRecord : RemoteRecord
{
    public string? Name { get; set; }
    public string? JobCode { get; set; }
    public string? Description { get; set; }
    public bool? Confidential { get; set; }
    public double? WeeklyHours { get; set; }
    public string? EmploymentType { get; set; }
    public string? Status { get; set; }
    public string? Visibility { get; set; }
    public string? Category { get; set; }
    public string? Department { get; set; }
    public string? PostUrl { get; set; }
    public string? ExperienceLevel { get; set; }
    public string? RemoteWorkStatus { get; set; }
    public double? SalaryAmount { get; set; }
    public double? SalaryAmountFrom { get; set; }
    public double? SalaryAmountTo { get; set; }
    public string? SalaryCurrency { get; set; }
    public string? SalaryPeriod { get; set; }
    public Location? Location { get; set; }
    public DateTime? OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ContactId { get; set; }

    [JsonPropertyOrder(110)]
    public IEnumerable<JobStageView> Stages => StageList.Select((s, i) => new JobStageView(s, i));

    [JsonPropertyOrder(111)]
    public List<ScreeningQuestion> ScreeningQuestions { get; set; } = [];

    [JsonPropertyOrder(112)]
    public List<JobPosting> JobPostings { get; set; } = [];

    [JsonPropertyOrder(113)]
    public List<HiringTeamMember> HiringTeam { get; set; } = [];

    /// <summary>The pipeline in order; a removed stage leaves this list.</summary>
    [JsonIgnore]
    public List<StageRecord> StageList { get; } = [];

    [JsonIgnore]
    public List<ApplicationRecord> Applications { get; } = [];
}
