namespace Kombo.Sandbox.Assessment;

/// <summary>
/// The <c>data</c> of <c>assessment:order-received</c> and its inline variant, keys in the order of Kombo's example.
/// Its <c>job</c> is <see cref="OrderReceivedJob"/>, not the <see cref="OrderJob"/> that <c>GET /assessment/orders</c>
/// serves: the webhook leaves out the location keys that have no value, as Kombo's example does.
/// </summary>
public sealed record OrderReceivedData(string Id, string IntegrationId, string PackageId, string Status, OrderCandidate Candidate, OrderApplication Application, OrderReceivedJob Job)
{
    public static OrderReceivedData From(AssessmentOrder o) =>
        new(o.Id, o.IntegrationId, o.PackageId, o.Status, o.Candidate, o.Application, OrderReceivedJob.From(o.Job));
}
