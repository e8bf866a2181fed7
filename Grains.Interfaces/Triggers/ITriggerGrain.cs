namespace OrleansKombo.Triggers;

/// <summary>
/// One integration's trigger rules, keyed by the integration id. It stores the full set (trigger_rules, read by the API
/// and by the pull's trigger detection) after checking every package is one the integration offers.
/// </summary>
public interface ITriggerGrain : IGrainWithStringKey
{
    /// <summary>Replaces the rules; refused, storing nothing, when a rule names a package the integration does not offer.</summary>
    Task<TriggerRulesAnswer> Replace(IReadOnlyList<TriggerRule> rules);
}
