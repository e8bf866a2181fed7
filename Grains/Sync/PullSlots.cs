namespace OrleansKombo.Grains.Sync;

/// <summary>
/// The silo's pull slots (<c>Sync:MaxConcurrentPulls</c>): a pull runs only while it holds one, so a burst of
/// sync-finished events across a fleet of integrations cannot open more PostgreSQL connections and Kombo requests than
/// the silo was sized for. The others wait their turn (each still ends: its wait is cancelled when its grain deactivates).
/// </summary>
public sealed class PullSlots(SyncOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentPulls, options.MaxConcurrentPulls);
    private int _running;
    private int _waiting;

    /// <summary>Pulls holding a slot now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Slots free now.</summary>
    public int Free => _slots.CurrentCount;

    /// <summary>Pulls waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for a slot; disposing the answer gives it back.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Interlocked.Increment(ref _running);
        return new Slot(this);
    }

    private void Release()
    {
        Interlocked.Decrement(ref _running);
        _slots.Release();
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>One held slot, given back once however often it is disposed.</summary>
    private sealed class Slot(PullSlots owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
