namespace OrleansKombo.UnitTests.Fakes;

/// <summary>
/// Runs code the way an activation does: one piece at a time on one scheduler, and every continuation of the work it
/// starts comes back to it. The grains' helpers rely on that (their dictionaries have no locks), so their tests do too.
/// </summary>
public sealed class GrainTurns
{
    private readonly TaskFactory _factory = new(new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);

    public Task Run(Action action) => _factory.StartNew(action);

    public Task Run(Func<Task> action) => _factory.StartNew(action).Unwrap();

    public Task<T> Run<T>(Func<T> action) => _factory.StartNew(action);

    public Task<T> Run<T>(Func<Task<T>> action) => _factory.StartNew(action).Unwrap();
}
