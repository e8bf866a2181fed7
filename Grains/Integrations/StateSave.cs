using Npgsql;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The save of the integration grain's state within a transaction of <see cref="IntegrationStateKeeper.CommitBatchedAsync"/>:
/// the work asks for the statement (<see cref="Statement"/>) and runs it in a batch of its own, so a page and its
/// checkpoint travel together (issue 16 §3); if the work never ran it, the keeper saves before the commit.
/// </summary>
public sealed class StateSave(IntegrationState current, long expectedVersion)
{
    /// <summary>The state as it is saved now; read it, never change it (changes go through <see cref="Statement"/>).</summary>
    public IntegrationState Current => current;

    /// <summary>The state the last statement saves.</summary>
    internal IntegrationState? Next { get; private set; }

    /// <summary>The version the statement saved, once it ran.</summary>
    internal long? Version { get; private set; }

    /// <summary>
    /// Applies <paramref name="change"/> to a fresh copy of the state and returns the statement that saves the copy. A
    /// later call replaces an earlier one (its batch rolled back), and never sees the earlier change.
    /// </summary>
    public NpgsqlBatchCommand Statement(Action<IntegrationState> change)
    {
        var next = current.Clone();
        change(next);
        (Next, Version) = (next, null);
        return IntegrationStore.SaveCommand(next, expectedVersion);
    }

    /// <summary>Takes the statement's result once it ran in the transaction.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">Another activation changed the row.</exception>
    public void Saved(object? result) => Version = IntegrationStore.Saved(Next!, expectedVersion, result);

    /// <summary>Saves in the transaction if the work did not (the state unchanged, if it asked for no statement).</summary>
    internal async Task SaveUnlessSavedAsync(IntegrationStore store, NpgsqlConnection connection)
    {
        if (Version is not null)
        {
            return;
        }
        Next ??= current.Clone();
        Version = await store.SaveAsync(Next, expectedVersion, connection);
    }
}
