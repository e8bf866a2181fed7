namespace Kombo.Sandbox.Assessment;

/// <summary>The <c>data</c> of <c>assessment:order-received</c> and its inline variant.</summary>
public sealed record OrderReceivedData(string Id, string PackageId, string Status, string IntegrationId, OrderCandidate Candidate, OrderApplication Application, OrderJob Job)
{
    public static OrderReceivedData From(AssessmentOrder o) => new(o.Id, o.PackageId, o.Status, o.IntegrationId, o.Candidate, o.Application, o.Job);
}
