using OrleansKombo.Grains;

namespace OrleansKombo.Tests.Foundation.TestGrains;

public sealed class CounterGrain([PersistentState("test-counter", StorageNames.Postgres)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
