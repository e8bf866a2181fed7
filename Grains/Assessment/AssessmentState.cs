using OrleansKombo.Assessment;

namespace OrleansKombo.Grains.Assessment;

/// <summary>What an integration's assessment grain keeps: the package set, its push, and when it last reconciled.</summary>
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

    [Id(5)] public DateTimeOffset? LastReconcileAt { get; set; }
}
