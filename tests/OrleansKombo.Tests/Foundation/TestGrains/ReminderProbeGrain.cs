using OrleansKombo.Grains;

namespace OrleansKombo.Tests.Foundation.TestGrains;

public sealed class ReminderProbeGrain([PersistentState("test-reminder-probe", StorageNames.Postgres)] IPersistentState<CounterState> ticks)
    : Grain, IReminderProbeGrain, IRemindable
{
    private const string Name = "probe";

    public Task Start(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(Name, dueTime, period);

    public Task<int> Ticks() => Task.FromResult(ticks.State.Value);

    public async Task Stop()
    {
        var reminder = await this.GetReminder(Name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.State.Value++;
        await ticks.WriteStateAsync();
    }
}
