namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The assessment grain's stored state and the one way to change it: one change at a time, and memory never runs
/// ahead of PostgreSQL (a change whose write fails is taken back by reading what is stored).
/// </summary>
public sealed class AssessmentStateKeeper(IPersistentState<AssessmentState> storage)
{
    private readonly SemaphoreSlim _save = new(1, 1);

    public AssessmentState State => storage.State;

    public async Task SaveAsync(Action<AssessmentState> change)
    {
        await _save.WaitAsync();
        try
        {
            change(storage.State);
            await storage.WriteStateAsync();
        }
        catch
        {
            // The change was made in place: take back what is stored.
            await storage.ReadStateAsync();
            throw;
        }
        finally
        {
            _save.Release();
        }
    }
}
