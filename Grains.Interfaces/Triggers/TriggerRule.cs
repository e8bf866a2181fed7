namespace OrleansKombo.Triggers;

/// <summary>
/// One trigger rule of an integration (CONTRACT.md §3, "Triggered assessments"): which package to order, when, for which
/// jobs, whether applications already there when the rule is created count, and what a result writes back.
/// </summary>
/// <param name="JobIds">The jobs when <paramref name="Jobs"/> is <see cref="TriggerJobsMode.List"/>; empty otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record TriggerRule(string Id, string PackageId, TriggerWhen When, TriggerJobsMode Jobs, IReadOnlyList<string> JobIds,
    bool IncludeExisting, TriggerOnResult OnResult);
