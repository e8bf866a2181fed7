using Npgsql;
using NpgsqlTypes;
using OrleansKombo.Triggers;

namespace OrleansKombo.Grains.Triggers;

/// <summary>An integration's trigger rules in trigger_rules (migration 0900), written only here, as TriggerRuleJson writes them.</summary>
public sealed class TriggerRuleStore(NpgsqlDataSource dataSource)
{
    public async Task ReplaceAsync(string integrationId, IReadOnlyList<TriggerRule> rules, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO trigger_rules (integration_id, rules) VALUES (@integration_id, @rules)
            ON CONFLICT (integration_id) DO UPDATE SET rules = excluded.rules, updated_at = now()
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("rules", NpgsqlDbType.Jsonb, TriggerRuleJson.Write(rules).ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
