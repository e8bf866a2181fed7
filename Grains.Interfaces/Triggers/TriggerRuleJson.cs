using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansKombo.Triggers;

/// <summary>
/// The one reading and writing of trigger rules as JSON (CONTRACT.md §3): the API's PUT body is read here, with every
/// problem named by its path, and GET (and trigger_rules.rules) is written here, so what GET answers is always taken by PUT.
/// </summary>
public static class TriggerRuleJson
{
    /// <summary>The most rules one integration has: a rule per package and stage is a few dozen; this bounds the request.</summary>
    public const int MaxRules = 200;

    /// <summary>The longest id, stage or tag name taken.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The most jobs one rule lists (SELECTED is the answer for more).</summary>
    public const int MaxJobIds = 10_000;

    private const string Shape = "The body must be {\"rules\":[{\"id\",\"package_id\",\"when\":{\"stage_id\"|\"stage_name\"|\"tag_name\"},"
        + "\"jobs\":\"ALL\"|\"SELECTED\"|[job ids],\"include_existing\",\"on_result\"}, …]}.";

    private static readonly string[] WhenKeys = ["stage_id", "stage_name", "tag_name"];

    /// <summary>The rules of a PUT body, or every problem with it (at most 20), each naming where it is.</summary>
    public static (IReadOnlyList<TriggerRule> Rules, IReadOnlyList<string> Problems) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("rules", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return ([], [Shape]);
        }
        var problems = new List<string>();
        if (items.GetArrayLength() > MaxRules)
        {
            return ([], [$"rules holds {items.GetArrayLength()} rules; at most {MaxRules} are taken."]);
        }
        var rules = new List<TriggerRule>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (ReadRule(item, $"rules[{index++}]", problems) is { } rule)
            {
                rules.Add(rule);
            }
        }
        foreach (var duplicate in rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"rule id '{duplicate.Key}' appears more than once.");
        }
        return problems.Count > 0 ? ([], problems.Take(20).ToList()) : (rules, []);
    }

    private static TriggerRule? ReadRule(JsonElement item, string at, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{at} must be an object.");
            return null;
        }
        var before = problems.Count;
        var id = Text(item, "id", at, problems, required: true);
        var packageId = Text(item, "package_id", at, problems, required: true);
        var when = ReadWhen(item, at, problems);
        var (jobs, jobIds) = ReadJobs(item, at, problems);
        var includeExisting = Flag(item, "include_existing", at, problems, fallback: false);
        var onResult = ReadOnResult(item, at, problems);
        return problems.Count > before ? null : new TriggerRule(id!, packageId!, when!, jobs, jobIds, includeExisting, onResult!);
    }

    private static TriggerWhen? ReadWhen(JsonElement item, string at, List<string> problems)
    {
        if (!item.TryGetProperty("when", out var when) || when.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{at}.when is required: an object with exactly one of {string.Join(", ", WhenKeys)}.");
            return null;
        }
        var keys = when.EnumerateObject().Select(p => p.Name).ToList();
        if (keys.Count != 1 || !WhenKeys.Contains(keys[0]))
        {
            problems.Add($"{at}.when must have exactly one key, one of {string.Join(", ", WhenKeys)}; it has {(keys.Count == 0 ? "none" : string.Join(", ", keys))}.");
            return null;
        }
        var value = Text(when, keys[0], $"{at}.when", problems, required: true);
        return value is null ? null : new TriggerWhen(keys[0] == "stage_id" ? value : null, keys[0] == "stage_name" ? value : null,
            keys[0] == "tag_name" ? value : null);
    }

    private static (TriggerJobsMode Mode, IReadOnlyList<string> JobIds) ReadJobs(JsonElement item, string at, List<string> problems)
    {
        if (!item.TryGetProperty("jobs", out var jobs) || jobs.ValueKind == JsonValueKind.Null)
        {
            return (TriggerJobsMode.All, []);
        }
        if (jobs.ValueKind == JsonValueKind.String && jobs.GetString() is var mode
            && (mode == KomboJson.Name(TriggerJobsMode.All) || mode == KomboJson.Name(TriggerJobsMode.Selected)))
        {
            return (mode == KomboJson.Name(TriggerJobsMode.All) ? TriggerJobsMode.All : TriggerJobsMode.Selected, []);
        }
        if (jobs.ValueKind == JsonValueKind.Array)
        {
            var ids = jobs.EnumerateArray().Select(j => j.ValueKind == JsonValueKind.String ? j.GetString() : null).ToList();
            if (ids.Count == 0 || ids.Count > MaxJobIds)
            {
                problems.Add($"{at}.jobs as a list names 1 to {MaxJobIds} job ids.");
            }
            else if (ids.FindIndex(j => !Fits(j)) is var bad and >= 0)
            {
                problems.Add($"{at}.jobs[{bad}] must be a job id: a non-empty string of at most {MaxTextLength} characters.");
            }
            else
            {
                return (TriggerJobsMode.List, ids.Distinct(StringComparer.Ordinal).Select(j => j!).ToList());
            }
            return (TriggerJobsMode.List, []);
        }
        problems.Add($"{at}.jobs must be \"ALL\", \"SELECTED\" or a list of job ids.");
        return (TriggerJobsMode.All, []);
    }

    private static TriggerOnResult? ReadOnResult(JsonElement item, string at, List<string> problems)
    {
        if (!item.TryGetProperty("on_result", out var onResult) || onResult.ValueKind == JsonValueKind.Null)
        {
            return TriggerOnResult.Default;
        }
        if (onResult.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{at}.on_result must be an object {{result_link, note, move_to_stage_id, tag_name, custom_field_name_prefix}}.");
            return null;
        }
        var where = $"{at}.on_result";
        var before = problems.Count;
        var result = new TriggerOnResult(Flag(onResult, "result_link", where, problems, fallback: true), Flag(onResult, "note", where, problems, fallback: false),
            Text(onResult, "move_to_stage_id", where, problems, required: false), Text(onResult, "tag_name", where, problems, required: false),
            Text(onResult, "custom_field_name_prefix", where, problems, required: false));
        return problems.Count > before ? null : result;
    }

    private static bool Fits(string? text) => !string.IsNullOrWhiteSpace(text) && text.Length <= MaxTextLength;

    private static string? Text(JsonElement item, string name, string at, List<string> problems, bool required)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{at}.{name} is required: a non-empty string of at most {MaxTextLength} characters.");
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || !Fits(value.GetString()))
        {
            problems.Add($"{at}.{name} must be a non-empty string of at most {MaxTextLength} characters.");
            return null;
        }
        return value.GetString();
    }

    private static bool Flag(JsonElement item, string name, string at, List<string> problems, bool fallback)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        problems.Add($"{at}.{name} must be true or false.");
        return fallback;
    }

    /// <summary>The rules as GET shows them and trigger_rules stores them.</summary>
    public static JsonArray Write(IReadOnlyList<TriggerRule> rules) => new([.. rules.Select(r => (JsonNode?)Write(r))]);

    private static JsonObject Write(TriggerRule rule) => new()
    {
        ["id"] = rule.Id,
        ["package_id"] = rule.PackageId,
        ["when"] = rule.When switch
        {
            { StageId: { } stageId } => new JsonObject { ["stage_id"] = stageId },
            { StageName: { } stageName } => new JsonObject { ["stage_name"] = stageName },
            _ => new JsonObject { ["tag_name"] = rule.When.TagName },
        },
        ["jobs"] = rule.Jobs == TriggerJobsMode.List
            ? new JsonArray([.. rule.JobIds.Select(j => (JsonNode?)j)])
            : JsonValue.Create(KomboJson.Name(rule.Jobs)),
        ["include_existing"] = rule.IncludeExisting,
        ["on_result"] = new JsonObject
        {
            ["result_link"] = rule.OnResult.ResultLink,
            ["note"] = rule.OnResult.Note,
            ["move_to_stage_id"] = rule.OnResult.MoveToStageId,
            ["tag_name"] = rule.OnResult.TagName,
            ["custom_field_name_prefix"] = rule.OnResult.CustomFieldNamePrefix,
        },
    };

    /// <summary>
    /// The <c>on_result</c> of one rule as trigger_rules stores it (written by <see cref="Write(IReadOnlyList{TriggerRule})"/>),
    /// for the write-back of a result; the default when the stored rule has none or cannot be read.
    /// </summary>
    public static TriggerOnResult OnResultOf(JsonElement rule)
    {
        var problems = new List<string>();
        return rule.ValueKind == JsonValueKind.Object && ReadOnResult(rule, "rule", problems) is { } onResult && problems.Count == 0
            ? onResult
            : TriggerOnResult.Default;
    }
}
