using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Triggers;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// An integration's trigger rules (CONTRACT.md §3, "Triggered assessments"). PUT goes to the integration's trigger grain;
/// answers are read from trigger_rules afterwards, with warnings for what the synced data does not have (yet): a stage
/// (from the jobs' <c>stages</c>, Kombo's application-stages endpoint being deprecated), a tag, a listed job.
/// </summary>
public static class TriggersApi
{
    public static RouteGroupBuilder MapTriggersApi(this RouteGroupBuilder api)
    {
        api.MapPut("/integrations/{integration_id}/triggers", PutAsync)
            .WithSummary("Sets the full set of trigger rules (it replaces) {\"rules\":[{id, package_id, when:{stage_id|stage_name|tag_name}, "
                + "jobs: ALL|SELECTED|[job ids], include_existing, on_result:{result_link, note, move_to_stage_id, tag_name, custom_field_name_prefix}}]}; at most "
                + $"{TriggerRuleJson.MaxRules} rules. 400 for a malformed rule or a package the integration does not offer. Answers as GET.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>();
        api.MapGet("/integrations/{integration_id}/triggers", GetAsync)
            .WithSummary("The trigger rules {rules, warnings, updated_at}: warnings [{rule_id, field, message}] name stages, tags and jobs "
                + "the synced data does not have; such a rule is kept and fires once they appear.")
            .Produces<JsonObject>();
        return api;
    }

    private static Task<IResult> PutAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, IClusterClient cluster, ILogger<TriggerRule> logger, CancellationToken cancellationToken) =>
        ReplaceAsync(integrationId, request.Body, db, cluster, logger, cancellationToken);

    /// <summary>PUT's answer to a body: the console's form hands the pasted JSON here too, so both take the same rules.</summary>
    public static async Task<IResult> ReplaceAsync(string integrationId, Stream body, NpgsqlDataSource db, IClusterClient cluster,
        ILogger logger, CancellationToken cancellationToken)
    {
        var (rules, problem) = await JsonBody.ReadForIntegrationAsync(body, ReadRules, db, integrationId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await ClusterCall.AnswerAfterAsync(() => cluster.GetGrain<ITriggerGrain>(integrationId).Replace(rules),
            async answer => answer.Refused
                ? ApiError.BadRequest($"package_id names packages integration '{integrationId}' does not offer: {string.Join(", ", answer.UnknownPackageIds)}.")
                : Results.Ok(await RulesAsync(db, integrationId, cancellationToken)),
            $"store the trigger rules of integration '{integrationId}'", logger, cancellationToken);
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db,
        CancellationToken cancellationToken) =>
        await IntegrationData.ExistsAsync(db, integrationId, cancellationToken)
            ? Results.Ok(await RulesAsync(db, integrationId, cancellationToken))
            : IntegrationData.NotFound(integrationId);

    /// <summary>GET's answer <c>{rules, warnings, updated_at}</c> for an integration that exists; the console shows the same.</summary>
    public static async Task<JsonObject> RulesAsync(NpgsqlDataSource db, string integrationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT rules::text, updated_at FROM trigger_rules WHERE integration_id = @integration");
        command.Parameters.AddWithValue("integration", integrationId);
        IReadOnlyList<TriggerRule> rules = [];
        DateTimeOffset? updatedAt = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                using var stored = JsonDocument.Parse($"{{\"rules\":{reader.GetString(0)}}}");
                rules = TriggerRuleJson.Read(stored.RootElement).Rules;
                updatedAt = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }
        return new JsonObject
        {
            ["rules"] = TriggerRuleJson.Write(rules),
            ["warnings"] = await WarningsAsync(db, integrationId, rules, cancellationToken),
            ["updated_at"] = updatedAt,
        };
    }

    /// <summary>What the rules name that the integration's synced, live data does not have.</summary>
    private static async Task<JsonArray> WarningsAsync(NpgsqlDataSource db, string integrationId, IReadOnlyList<TriggerRule> rules,
        CancellationToken cancellationToken)
    {
        var warnings = new JsonArray();
        if (rules.Count == 0)
        {
            return warnings;
        }
        string[] Distinct(IEnumerable<string?> values) => values.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var stageIds = Distinct(rules.Select(r => r.When.StageId).Concat(rules.Select(r => r.OnResult.MoveToStageId)));
        var stageNames = Distinct(rules.Select(r => r.When.StageName));
        var tagNames = Distinct(rules.Select(r => r.When.TagName));
        var jobIds = Distinct(rules.SelectMany(r => r.JobIds));
        await using var command = db.CreateCommand("""
            WITH stages AS (
                SELECT s->>'id' AS id, trigger_name_key(s->>'name') AS name_key
                  FROM ats_jobs j
                 CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j.record->'stages') = 'array'
                                                              THEN j.record->'stages' ELSE '[]'::jsonb END) AS s
                 WHERE j.integration_id = @integration AND j.remote_deleted_at IS NULL)
            SELECT array(SELECT i FROM unnest(@stage_ids::text[]) AS i WHERE EXISTS (SELECT 1 FROM stages WHERE stages.id = i)),
                   array(SELECT n FROM unnest(@stage_names::text[]) AS n WHERE EXISTS (SELECT 1 FROM stages WHERE name_key = trigger_name_key(n))),
                   array(SELECT n FROM unnest(@tag_names::text[]) AS n
                          WHERE EXISTS (SELECT 1 FROM ats_tags t WHERE t.integration_id = @integration AND t.remote_deleted_at IS NULL
                                           AND trigger_name_key(t.record->>'name') = trigger_name_key(n))),
                   array(SELECT i FROM unnest(@job_ids::text[]) AS i
                          WHERE EXISTS (SELECT 1 FROM ats_jobs j WHERE j.integration_id = @integration AND j.id = i))
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("stage_ids", stageIds);
        command.Parameters.AddWithValue("stage_names", stageNames);
        command.Parameters.AddWithValue("tag_names", tagNames);
        command.Parameters.AddWithValue("job_ids", jobIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var knownStageIds = reader.GetFieldValue<string[]>(0).ToHashSet(StringComparer.Ordinal);
        var knownStageNames = reader.GetFieldValue<string[]>(1).ToHashSet(StringComparer.Ordinal);
        var knownTags = reader.GetFieldValue<string[]>(2).ToHashSet(StringComparer.Ordinal);
        var knownJobs = reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal);

        void Warn(TriggerRule rule, string field, string message) =>
            warnings.Add(new JsonObject { ["rule_id"] = rule.Id, ["field"] = field, ["message"] = message });
        foreach (var rule in rules)
        {
            if (rule.When.StageId is { } stageId && !knownStageIds.Contains(stageId))
            {
                Warn(rule, "when.stage_id", $"No synced job has a stage with id '{stageId}'; the rule fires once one does.");
            }
            if (rule.When.StageName is { } stageName && !knownStageNames.Contains(stageName))
            {
                Warn(rule, "when.stage_name", $"No synced job has a stage named '{stageName}'; the rule fires once one does.");
            }
            if (rule.When.TagName is { } tagName && !knownTags.Contains(tagName))
            {
                Warn(rule, "when.tag_name", $"No synced tag is named '{tagName}'; the rule fires once a candidate gets it.");
            }
            if (rule.OnResult.MoveToStageId is { } moveTo && !knownStageIds.Contains(moveTo))
            {
                Warn(rule, "on_result.move_to_stage_id", $"No synced job has a stage with id '{moveTo}'.");
            }
            foreach (var jobId in rule.JobIds.Where(j => !knownJobs.Contains(j)).Take(10))
            {
                Warn(rule, "jobs", $"Integration '{integrationId}' has no synced job with id '{jobId}'.");
            }
        }
        return warnings;
    }

    /// <summary>The rules, or their problems in one sentence.</summary>
    private static (IReadOnlyList<TriggerRule> Rules, string? Problem) ReadRules(JsonElement root)
    {
        var (rules, problems) = TriggerRuleJson.Read(root);
        return (rules, problems.Count > 0 ? string.Join(" ", problems) : null);
    }
}
