using OrleansKombo.Orders;

namespace OrleansKombo.Triggers;

/// <summary>
/// One integration's trigger rules, keyed by the integration id. It stores the full set (trigger_rules, read by the API
/// and by the pull's trigger detection) after checking every package is one the integration offers, starts the orders
/// of a new rule that includes existing applications, and an operator's re-trigger.
/// </summary>
public interface ITriggerGrain : IGrainWithStringKey
{
    /// <summary>Replaces the rules; refused, storing nothing, when a rule names a package the integration does not offer.</summary>
    Task<TriggerRulesAnswer> Replace(IReadOnlyList<TriggerRule> rules);

    /// <summary>Orders the package for the application again, on purpose (a new order beside any earlier one).</summary>
    Task<OrderCommandAnswer> Retrigger(string applicationId, string packageId);
}
