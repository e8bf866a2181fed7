namespace Kombo.Sandbox.Multiposter;

/// <summary>
/// One job as the vendor (or a multiposter) holds it, and the truth a matcher is measured against: the ATS job it is
/// (<see cref="TrueJobId"/>, null for a job the ATS does not have) and how it was derived (<see cref="Kind"/>).
/// </summary>
public sealed record VendorJobSample(
    string VendorJobId,
    string Title,
    string? JobCode,
    string? PostUrl,
    string? RemoteId,
    string? TrueJobId,
    VendorJobKind Kind);
