namespace OrleansKombo.Gateway.Webhooks;

/// <summary>A <see cref="WriteBatcher{TItem, TResult}"/> already holds as many items as it may: the caller answers "busy, retry".</summary>
public sealed class WriteQueueFull(int capacity) : Exception($"The write queue holds its {capacity} items; retry later.")
{
    public int Capacity { get; } = capacity;
}
