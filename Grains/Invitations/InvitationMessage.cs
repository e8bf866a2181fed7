namespace OrleansKombo.Grains.Invitations;

/// <summary>What an invitation says, as the outbox keeps it: everything the template needs and nothing more.</summary>
public sealed record InvitationMessage(
    string OrderId,
    string IntegrationId,
    string Email,
    string? FirstName,
    string? LastName,
    string? JobName,
    string PackageId,
    string PackageName,
    string Link)
{
    public string CandidateName => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name
        ? name
        : "candidate";
}
