namespace OrleansKombo.Triggers;

/// <summary>
/// When a rule fires; exactly one is set: the application enters the stage with this id, or a stage of this name in any
/// job (names compared by trigger_name_key, migration 0900), or the candidate gets a tag of this name.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TriggerWhen(string? StageId, string? StageName, string? TagName);
