namespace OrleansKombo.Triggers;

/// <summary>Rules stored, or refused because they name packages the integration does not offer (nothing stored then).</summary>
[GenerateSerializer, Immutable]
public sealed record TriggerRulesAnswer(IReadOnlyList<string> UnknownPackageIds)
{
    public static TriggerRulesAnswer Done { get; } = new([]);

    public bool Refused => UnknownPackageIds.Count > 0;
}
