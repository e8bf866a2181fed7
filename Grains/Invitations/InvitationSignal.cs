namespace OrleansKombo.Grains.Invitations;

/// <summary>Wakes this silo's sender when an order grain here has just added an invitation, so it need not wait a poll.</summary>
public sealed class InvitationSignal
{
    private readonly SemaphoreSlim _ready = new(0, 1);

    public void Notify()
    {
        try
        {
            _ready.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every invitation added meanwhile.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _ready.WaitAsync(timeout, cancellationToken);
}
