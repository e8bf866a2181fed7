namespace OrleansKombo.Gateway.Operations;

/// <summary>One reading of the read models by <see cref="ReadModelMetrics"/>: counts by bounded labels, lag across integrations.</summary>
public sealed record ReadModelSnapshot(
    IReadOnlyList<(string State, string Health, string Setup, long Count)> Integrations,
    double? LagWorstSeconds,
    double? LagP95Seconds,
    IReadOnlyList<(string Status, long Count)> Orders,
    long FlaggedOrders,
    IReadOnlyList<(string Status, long Count)> WriteBacks,
    IReadOnlyList<(string Status, long Count)> Invitations,
    IReadOnlyList<(string Status, long Count)> Inbox,
    long ActiveSilos)
{
    public static readonly ReadModelSnapshot Empty = new([], null, null, [], 0, [], [], [], 0);
}
