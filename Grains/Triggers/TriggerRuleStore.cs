using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrleansKombo.Triggers;

namespace OrleansKombo.Grains.Triggers;

/// <summary>An integration's trigger rules in trigger_rules (migration 0900), written only here, as TriggerRuleJson writes them.</summary>
public sealed class TriggerRuleStore
{
    /// <summary>Replaces the rules in the caller's transaction.</summary>
    /// <returns>The ids of the rules stored before, locked until the transaction ends.</returns>
    public static async Task<IReadOnlySet<string>> ReplaceAsync(NpgsqlConnection connection, string integrationId, IReadOnlyList<TriggerRule> rules,
        CancellationToken cancellationToken)
    {
        var before = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand(
            "SELECT r->>'id' FROM trigger_rules t CROSS JOIN LATERAL jsonb_array_elements(t.rules) r WHERE t.integration_id = @integration_id FOR UPDATE OF t",
            connection))
        {
            read.Parameters.AddWithValue("integration_id", integrationId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                before.Add(reader.GetString(0));
            }
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO trigger_rules (integration_id, rules) VALUES (@integration_id, @rules)
            ON CONFLICT (integration_id) DO UPDATE SET rules = excluded.rules, updated_at = now()
            """, connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("rules", NpgsqlDbType.Jsonb, TriggerRuleJson.Write(rules).ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return before;
    }
}
