namespace OrleansKombo.UnitTests.Fakes;

/// <summary>
/// A grain's persistent state in memory: what is "stored" is a snapshot taken at each write, so a read after a failed
/// write brings back exactly what the last good write stored.
/// </summary>
public sealed class FakeState<T>(Func<T, T> copy) : IPersistentState<T> where T : new()
{
    private T _stored = new();

    public T State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public int Writes { get; private set; }

    /// <summary>When set, the next write fails with this (as PostgreSQL being away would), and is cleared.</summary>
    public Exception? FailNextWrite { get; set; }

    public Task WriteStateAsync()
    {
        if (FailNextWrite is { } error)
        {
            FailNextWrite = null;
            return Task.FromException(error);
        }
        _stored = copy(State);
        RecordExists = true;
        Etag = (++Writes).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public Task ReadStateAsync()
    {
        State = copy(_stored);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync()
    {
        (State, _stored, RecordExists) = (new T(), new T(), false);
        return Task.CompletedTask;
    }
}
