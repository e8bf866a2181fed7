namespace OrleansKombo.Tests.Foundation.TestGrains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task Deactivate();
}
