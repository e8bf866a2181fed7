using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansKombo.Assessment;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Triggers;

namespace OrleansKombo.Grains.Triggers;

/// <summary>
/// One integration's trigger rules. Its state is the row <see cref="TriggerRuleStore"/> writes (nothing is kept in
/// memory), so any activation carries on; one per integration, so two replacements never interleave. Packages are the
/// assessment grain's: a rule may only order one on offer. A rule new to the set with include_existing orders for every
/// application it matches now, in the transaction that stores it; without it, only later changes trigger.
/// </summary>
public sealed class TriggerGrain(NpgsqlDataSource dataSource, TriggerOrders orders, ILogger<TriggerGrain> logger) : Grain, ITriggerGrain
{
    private string IntegrationId => this.GetPrimaryKeyString();

    public async Task<TriggerRulesAnswer> Replace(IReadOnlyList<TriggerRule> rules)
    {
        var unknown = await UnknownPackagesAsync(rules.Select(r => r.PackageId));
        if (unknown.Count > 0)
        {
            return new TriggerRulesAnswer(unknown);
        }
        var integration = await IntegrationStateAsync();
        var packages = await orders.PackagesAsync(IntegrationId);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TriggerOrders.LockRulesAsync(connection, IntegrationId, exclusive: true, CancellationToken.None);
        var before = await TriggerRuleStore.ReplaceAsync(connection, IntegrationId, rules, CancellationToken.None);
        var existing = rules.Where(r => r.IncludeExisting && !before.Contains(r.Id)).Select(r => r.Id).ToList();
        var created = await orders.ExistingAsync(connection, IntegrationId, existing, integration, packages, CancellationToken.None);
        await transaction.CommitAsync();
        orders.Committed(created);
        logger.LogInformation("Trigger rules of integration {IntegrationId}: {Count} rules stored, {Created} orders for applications already there",
            IntegrationId, rules.Count, created);
        return TriggerRulesAnswer.Done;
    }

    public async Task<OrderCommandAnswer> Retrigger(string applicationId, string packageId)
    {
        if ((await UnknownPackagesAsync([packageId])).Count > 0)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Invalid, $"Integration '{IntegrationId}' does not offer package '{packageId}'.");
        }
        var integration = await IntegrationStateAsync();
        var packages = await orders.PackagesAsync(IntegrationId);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var created = await orders.RetriggerAsync(connection, IntegrationId, applicationId, packageId, integration, packages, CancellationToken.None);
        await transaction.CommitAsync();
        orders.Committed(created);
        if (created == 0)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.NotFound,
                $"Integration '{IntegrationId}' has no live application '{applicationId}' for an active job.");
        }
        logger.LogWarning("Integration {IntegrationId}: an operator re-triggered package {PackageId} for application {ApplicationId}",
            IntegrationId, packageId, applicationId);
        return OrderCommandAnswer.Accepted;
    }

    private async Task<List<string>> UnknownPackagesAsync(IEnumerable<string> packageIds)
    {
        var packages = GrainFactory.GetGrain<IAssessmentGrain>(IntegrationId);
        var unknown = new List<string>();
        foreach (var packageId in packageIds.Distinct(StringComparer.Ordinal))
        {
            if ((await packages.FindPackage(packageId)).Offer != PackageOffer.Offered)
            {
                unknown.Add(packageId);
            }
        }
        return unknown;
    }

    private async Task<IntegrationLifecycle> IntegrationStateAsync() =>
        (await GrainFactory.GetGrain<IIntegrationGrain>(IntegrationId).GetStatus()).State;
}
