namespace Kombo.Sandbox.Records;

/// <summary>A candidate as its application embeds it.</summary>
public sealed class ApplicationCandidateView(CandidateRecord candidate)
{
    public string Id => candidate.Id;
    public string RemoteId => candidate.RemoteId!;
    public string? FirstName => candidate.FirstName;
    public string? LastName => candidate.LastName;
    public List<EmailAddress>? EmailAddresses => candidate.EmailAddresses;
    public List<PhoneNumber>? PhoneNumbers => candidate.PhoneNumbers;
    public List<SocialMedia>? SocialMedia => candidate.SocialMedia;
    public string? Source => candidate.Source;
    public string? RemoteUrl => candidate.RemoteUrl;
    public IEnumerable<TagRef> Tags => candidate.Tags;
}
