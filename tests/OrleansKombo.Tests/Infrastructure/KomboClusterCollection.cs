namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Test classes in this collection share one cluster and gateway; they use their own ids.</summary>
[CollectionDefinition(Name)]
public sealed class KomboClusterCollection : ICollectionFixture<KomboCluster>
{
    public const string Name = "gateway-cluster";
}
