using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

public sealed class CandidateRecord : RemoteRecord
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Company { get; set; }
    public string? Title { get; set; }
    public bool? Confidential { get; set; }
    public string? Source { get; set; }
    public List<PhoneNumber>? PhoneNumbers { get; set; } = [];
    public List<EmailAddress>? EmailAddresses { get; set; } = [];
    public List<SocialMedia>? SocialMedia { get; set; } = [];
    public Location? Location { get; set; }

    [JsonPropertyOrder(110)]
    public IEnumerable<CandidateApplicationView> Applications =>
        ApplicationList.Where(a => !a.IsDeleted).Select(a => new CandidateApplicationView(a));

    [JsonPropertyOrder(111)]
    public IEnumerable<TagRef> Tags => TagList.Where(t => !t.IsDeleted).Select(t => new TagRef(t));

    [JsonIgnore]
    public List<ApplicationRecord> ApplicationList { get; } = [];

    [JsonIgnore]
    public List<TagRecord> TagList { get; } = [];
}
