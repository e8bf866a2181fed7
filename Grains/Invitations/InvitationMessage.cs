namespace OrleansKombo.Grains.Invitations;

/// <summary>What an invitation says, as the outbox keeps it: everything the template needs and nothing more.</summary>
/// <param name="Email">The address as <see cref="EmailAddress"/> reads it (rows written before the rule may hold the text as the ATS had it).</param>
/// <param name="EmailName">The name a display-name form of the address carried (<c>Jane Roe &lt;…&gt;</c>), greeted when the ATS has no name.</param>
public sealed record InvitationMessage(
    string OrderId,
    string IntegrationId,
    string Email,
    string? FirstName,
    string? LastName,
    string? JobName,
    string PackageId,
    string PackageName,
    string Link,
    string? EmailName = null)
{
    /// <summary>Who the email is addressed to: the ATS's first and last name, else the name the address carried.</summary>
    public string? RecipientName => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name
        ? name
        : string.IsNullOrWhiteSpace(EmailName) ? null : EmailName;

    /// <summary>The greeting's name.</summary>
    public string CandidateName => RecipientName ?? "candidate";
}
