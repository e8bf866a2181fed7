using OrleansKombo.Assessment;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// What an integration's assessment grain keeps: the package set, its push, and its reconciliation (when the last
/// complete one started, and how far the one under way has come).
/// </summary>
[GenerateSerializer]
public sealed class AssessmentState
{
    [Id(0)] public List<AssessmentPackage> Packages { get; set; } = [];

    /// <summary>Ids offered in an earlier set and not in the current one.</summary>
    [Id(1)] public List<string> Withdrawn { get; set; } = [];

    /// <summary>Null until a set is stored: then the grain has work and keeps its reminder.</summary>
    [Id(2)] public PackagePush? Push { get; set; }

    /// <summary>Counts stored sets, so a push acknowledges only the set it sent.</summary>
    [Id(3)] public int Revision { get; set; }

    [Id(4)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When the last complete reconciliation started.</summary>
    [Id(5)] public DateTimeOffset? LastReconcileAt { get; set; }

    /// <summary>When the reconciliation under way started; null when none is.</summary>
    [Id(6)] public DateTimeOffset? ReconcileStartedAt { get; set; }

    /// <summary>Kombo's cursor for the next page of OPEN orders; null at the first page.</summary>
    [Id(7)] public string? ReconcileCursor { get; set; }

    /// <summary>
    /// Null while Kombo's OPEN orders are read; then the last of our open orders looked up in Kombo ("" before the first).
    /// </summary>
    [Id(8)] public string? ReconcileAfterOrderId { get; set; }
}
