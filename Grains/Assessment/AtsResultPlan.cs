using OrleansKombo.Triggers;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// What the result of one triggered order is written with: its rule's <c>on_result</c> (the default when the order is
/// an operator's re-trigger or its rule is gone), the application's candidate (for a tag) and the stages of the
/// application's job (a stage move must go to one of them; null when the job is not synced).
/// </summary>
public sealed record AtsResultPlan(string PackageId, TriggerOnResult OnResult, string? CandidateId, IReadOnlyList<AtsStage>? JobStages);
