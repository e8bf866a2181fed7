namespace Kombo.Sandbox.Assessment;

/// <summary>The deprecated <c>GET /assessment/orders/open</c> item: an order without <c>status</c>.</summary>
public sealed record OpenOrderView(string Id, string PackageId, OrderCandidate Candidate, OrderApplication Application, OrderJob Job)
{
    public static OpenOrderView From(AssessmentOrder o) => new(o.Id, o.PackageId, o.Candidate, o.Application, o.Job);
}
