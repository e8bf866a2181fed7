using System.Text.Json;
using Npgsql;
using OrleansKombo.Triggers;

namespace OrleansKombo.Grains.Assessment;

/// <summary>Reads an <see cref="AtsResultPlan"/> from what the pull and the trigger rules stored, in one statement.</summary>
public sealed class AtsResultPlans(NpgsqlDataSource dataSource)
{
    /// <returns>Null when the order was not started by a trigger rule of the integration.</returns>
    public async Task<AtsResultPlan?> LoadAsync(string integrationId, string orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT r FROM trigger_rules tr CROSS JOIN LATERAL jsonb_array_elements(tr.rules) AS r
                     WHERE tr.integration_id = t.integration_id AND r->>'id' = t.rule_id LIMIT 1)::text,
                   coalesce(a.record->>'candidate_id', a.record->'candidate'->>'id'),
                   CASE WHEN jsonb_typeof(j.record->'stages') = 'array' THEN (j.record->'stages')::text END,
                   t.package_id
              FROM trigger_orders t
              LEFT JOIN ats_applications a ON a.integration_id = t.integration_id AND a.id = t.application_id
              LEFT JOIN job_view j ON j.integration_id = t.integration_id AND j.id = a.record->>'job_id'
             WHERE t.integration_id = @integration AND t.order_id = @order
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("order", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var onResult = TriggerOnResult.Default;
        if (!reader.IsDBNull(0))
        {
            using var rule = JsonDocument.Parse(reader.GetString(0));
            onResult = TriggerRuleJson.OnResultOf(rule.RootElement);
        }
        var candidateId = reader.IsDBNull(1) ? null : reader.GetString(1);
        List<AtsStage>? stages = null;
        if (!reader.IsDBNull(2))
        {
            using var list = JsonDocument.Parse(reader.GetString(2));
            stages = list.RootElement.EnumerateArray()
                .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                .Select(s => new AtsStage(s.GetProperty("id").GetString()!,
                    s.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null))
                .ToList();
        }
        return new AtsResultPlan(reader.GetString(3), onResult, candidateId, stages);
    }
}
