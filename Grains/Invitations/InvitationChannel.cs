namespace OrleansKombo.Grains.Invitations;

/// <summary>How invitations reach candidates: email through SMTP, or a callback to the vendor's platform.</summary>
public enum InvitationChannel
{
    Smtp,
    Http,
}
