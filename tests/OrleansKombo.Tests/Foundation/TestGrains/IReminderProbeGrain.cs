namespace OrleansKombo.Tests.Foundation.TestGrains;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Start(TimeSpan dueTime, TimeSpan period);

    Task<int> Ticks();

    Task Stop();
}
