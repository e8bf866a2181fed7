using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Storage;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The integration grain's state and the only ways to change it: a change is made on a copy and kept once it is saved,
/// one change at a time, so memory never runs ahead of PostgreSQL. A save that finds the row changed by another
/// activation (a partition healed) makes this one go (<paramref name="onConflict"/>); the next loads the truth.
/// </summary>
public sealed class IntegrationStateKeeper(string integrationId, IntegrationStore store, NpgsqlDataSource dataSource, Action onConflict, ILogger logger)
{
    private readonly SemaphoreSlim _commit = new(1, 1);
    private long _version;

    public IntegrationState State { get; private set; } = new() { Id = integrationId };

    /// <summary>Whether the integration has a row yet: nothing is pulled for one never stored.</summary>
    public bool Stored => _version != 0;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        (var stored, _version) = await store.LoadAsync(integrationId, cancellationToken);
        State = stored ?? new IntegrationState { Id = integrationId };
    }

    /// <summary>Applies a change to a copy of the state and keeps it only once it is saved.</summary>
    /// <returns>Whether anything changed.</returns>
    public async Task<bool> MutateAsync(Func<IntegrationState, bool> change)
    {
        await _commit.WaitAsync();
        try
        {
            var next = State.Clone();
            if (!change(next))
            {
                return false;
            }
            _version = await ConflictingAsync(() => store.SaveAsync(next, _version));
            State = next;
            return true;
        }
        finally
        {
            _commit.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> and saves the state it changed in one transaction.</summary>
    /// <remarks>
    /// The transaction runs on the thread pool: it touches only the copy and the connection, and each of its
    /// many awaits would otherwise queue behind the activation's scheduler (measured: 3x slower pages).
    /// </remarks>
    public async Task<T> CommitAsync<T>(Func<IntegrationState, NpgsqlConnection, Task<T>> work)
    {
        await _commit.WaitAsync();
        try
        {
            var next = State.Clone();
            var expected = _version;
            var (result, version) = await ConflictingAsync(() => Task.Run(async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var result = await work(next, connection);
                var version = await store.SaveAsync(next, expected, connection);
                await transaction.CommitAsync();
                return (result, version);
            }));
            (State, _version) = (next, version);
            return result;
        }
        finally
        {
            _commit.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> and saves the state in one transaction; the work may run the save in a batch of
    /// its own (<see cref="StateSave.Statement"/>), sparing the save its round trip (a pull's page: issue 16 §3).
    /// </summary>
    public async Task<T> CommitBatchedAsync<T>(Func<StateSave, NpgsqlConnection, Task<T>> work)
    {
        await _commit.WaitAsync();
        try
        {
            var save = new StateSave(State, _version);
            var result = await ConflictingAsync(() => Task.Run(async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var result = await work(save, connection);
                await save.SaveUnlessSavedAsync(store, connection);
                await transaction.CommitAsync();
                return result;
            }));
            (State, _version) = (save.Next!, save.Version!.Value);
            return result;
        }
        finally
        {
            _commit.Release();
        }
    }

    private async Task<T> ConflictingAsync<T>(Func<Task<T>> save)
    {
        try
        {
            return await save();
        }
        catch (InconsistentStateException)
        {
            logger.LogWarning("Integration {IntegrationId}: state changed under this activation; deactivating", integrationId);
            onConflict();
            throw;
        }
    }
}
