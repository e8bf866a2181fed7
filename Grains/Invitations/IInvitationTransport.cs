namespace OrleansKombo.Grains.Invitations;

/// <summary>One sender worker's connection to a channel; not thread-safe, each worker has its own.</summary>
public interface IInvitationTransport : IAsyncDisposable
{
    /// <summary>Opens (or keeps) the connection. Nothing is delivered here, so a failure is always safe to retry.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Delivers one invitation; throws <see cref="InvitationNotSent"/> when it did not (or may not have).</summary>
    Task SendAsync(InvitationMessage message, CancellationToken cancellationToken);
}
