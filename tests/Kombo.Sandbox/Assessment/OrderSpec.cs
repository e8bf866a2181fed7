namespace Kombo.Sandbox.Assessment;

/// <summary>
/// A test order, as a recruiter would place it in the ATS. With <see cref="ApplicationId"/> (Kombo id) or
/// <see cref="ApplicationRemoteId"/> naming an application of the integration, candidate and job come from its data;
/// the other fields override or stand in.
/// </summary>
public sealed record OrderSpec
{
    public string? PackageId { get; init; }
    public string? ApplicationId { get; init; }
    public string? ApplicationRemoteId { get; init; }
    public string? CandidateRemoteId { get; init; }
    public string? CandidateEmail { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public string? JobRemoteId { get; init; }
    public string? JobName { get; init; }

    /// <summary>Send <c>inline-assessment:order-received</c> instead.</summary>
    public bool Inline { get; init; }

    /// <summary>False makes a "missed" order: no webhook, visible only through <c>GET /assessment/orders</c>.</summary>
    public bool DeliverWebhook { get; init; } = true;
}
