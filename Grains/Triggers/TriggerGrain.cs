using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Triggers;

namespace OrleansKombo.Grains.Triggers;

/// <summary>
/// One integration's trigger rules. Its state is the row <see cref="TriggerRuleStore"/> writes (nothing is kept in
/// memory), so any activation carries on; one per integration, so two replacements never interleave. Packages are the
/// assessment grain's: a rule may only order one on offer.
/// </summary>
public sealed class TriggerGrain(TriggerRuleStore store, ILogger<TriggerGrain> logger) : Grain, ITriggerGrain
{
    private string IntegrationId => this.GetPrimaryKeyString();

    public async Task<TriggerRulesAnswer> Replace(IReadOnlyList<TriggerRule> rules)
    {
        var packages = GrainFactory.GetGrain<IAssessmentGrain>(IntegrationId);
        var unknown = new List<string>();
        foreach (var packageId in rules.Select(r => r.PackageId).Distinct(StringComparer.Ordinal))
        {
            if ((await packages.FindPackage(packageId)).Offer != PackageOffer.Offered)
            {
                unknown.Add(packageId);
            }
        }
        if (unknown.Count > 0)
        {
            return new TriggerRulesAnswer(unknown);
        }
        await store.ReplaceAsync(IntegrationId, rules, CancellationToken.None);
        logger.LogInformation("Trigger rules of integration {IntegrationId}: {Count} rules stored", IntegrationId, rules.Count);
        return TriggerRulesAnswer.Done;
    }
}
