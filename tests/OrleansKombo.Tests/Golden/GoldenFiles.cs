using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// The committed golden files (<c>tests/OrleansKombo.Tests/Golden/&lt;section&gt;.json</c>, read from the source tree)
/// and the comparison with a run. <c>GOLDEN_RECORD=1</c> writes the run's answers over them instead.
/// </summary>
public static class GoldenFiles
{
    public const string RecordVariable = "GOLDEN_RECORD";

    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "tests", "OrleansKombo.Tests", "Golden");

    /// <summary>Where a failing run leaves its own answers, to diff against the committed ones.</summary>
    public static string ActualDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "golden-actual");

    public static bool Recording => Environment.GetEnvironmentVariable(RecordVariable) is "1" or "true";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Readable diffs: <, >, & and non-ASCII stay as they are in the files.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Each section's exchanges as its golden file holds them: normalised, keys sorted, one text.</summary>
    public static IReadOnlyDictionary<string, string> Render(IEnumerable<GoldenExchange> exchanges, GoldenNormaliser normaliser) =>
        exchanges.GroupBy(e => e.Section).ToDictionary(g => g.Key, g =>
            new JsonArray(g.Select(e => (JsonNode)Render(e, normaliser)).ToArray()).ToJsonString(Indented) + "\n");

    private static JsonObject Render(GoldenExchange exchange, GoldenNormaliser normaliser)
    {
        var rendered = new JsonObject { ["request"] = normaliser.Request(exchange.Method, exchange.Path) };
        if (exchange.Note is not null)
        {
            rendered["note"] = exchange.Note;
        }
        rendered["status"] = exchange.Status;
        if (exchange.Location is not null)
        {
            rendered["location"] = normaliser.Text(exchange.Location);
        }
        var body = Body(exchange.Body, normaliser);
        if (exchange.Unordered && body is JsonObject page && page["results"] is JsonArray results)
        {
            var sorted = results.Select(r => r!.DeepClone()).OrderBy(r => r["id"]?.ToJsonString(), StringComparer.Ordinal).ToArray();
            page["results"] = new JsonArray(sorted);
        }
        if (exchange.Racing is { } racing && body is JsonObject answer && answer.ContainsKey(racing))
        {
            answer[racing] = "<racing>";
        }
        rendered["body"] = body;
        return rendered;
    }

    private static JsonNode? Body(string body, GoldenNormaliser normaliser)
    {
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            return normaliser.Node(JsonNode.Parse(body));
        }
        catch (JsonException)
        {
            return JsonValue.Create("text: " + normaliser.Text(body));
        }
    }

    /// <summary>Writes the sections (recording) or compares them with the committed files, failing with every difference.</summary>
    public static void RecordOrCompare(IReadOnlyDictionary<string, string> sections)
    {
        if (Recording)
        {
            foreach (var (section, text) in sections)
            {
                File.WriteAllText(Path.Combine(Directory, section + ".json"), text, new UTF8Encoding(false));
            }
            return;
        }

        var problems = new List<string>();
        var committed = System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>();
        foreach (var stale in committed.Except(sections.Keys).Order(StringComparer.Ordinal))
        {
            problems.Add($"{stale}.json: committed, but the scenario has no such section any more");
        }
        foreach (var (section, actual) in sections.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(Directory, section + ".json");
            if (!File.Exists(path))
            {
                problems.Add($"{section}.json: not recorded yet");
                Keep(section, actual);
                continue;
            }
            if (FirstDifference(File.ReadAllText(path), actual) is { } difference)
            {
                problems.Add($"{section}.json: {difference}");
                Keep(section, actual);
            }
        }
        Assert.True(problems.Count == 0,
            $"The API answers differ from the golden files in {Directory}:\n- {string.Join("\n- ", problems)}\n"
            + $"This run's answers are in {ActualDirectory} (diff them with the committed files). "
            + $"If the change is intended, record again with {RecordVariable}=1 and commit the files.");
    }

    /// <summary>Leaves the sections in <see cref="ActualDirectory"/>.</summary>
    public static void Keep(IReadOnlyDictionary<string, string> sections)
    {
        foreach (var (section, text) in sections)
        {
            Keep(section, text);
        }
    }

    private static void Keep(string section, string actual)
    {
        System.IO.Directory.CreateDirectory(ActualDirectory);
        File.WriteAllText(Path.Combine(ActualDirectory, section + ".json"), actual, new UTF8Encoding(false));
    }

    /// <summary>The first exchange that differs and where inside it; null when the files are the same.</summary>
    private static string? FirstDifference(string expectedText, string actualText)
    {
        if (expectedText.ReplaceLineEndings("\n") == actualText)
        {
            return null;
        }
        var expected = JsonNode.Parse(expectedText)!.AsArray();
        var actual = JsonNode.Parse(actualText)!.AsArray();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var before = i < expected.Count ? expected[i] : null;
            var after = i < actual.Count ? actual[i] : null;
            if (Difference(before, after, "") is { } at)
            {
                return $"exchange {i + 1} ({Short(before?["request"])} / now {Short(after?["request"])}) differs at {at.Path}; "
                    + $"{expected.Count} exchanges recorded, {actual.Count} now.\n  recorded: {Short(at.Recorded)}\n  now:      {Short(at.Now)}";
            }
        }
        return "the files differ only in layout";
    }

    private static (string Path, JsonNode? Recorded, JsonNode? Now)? Difference(JsonNode? recorded, JsonNode? now, string path)
    {
        switch (recorded, now)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                {
                    if (!a.ContainsKey(key) || !b.ContainsKey(key) || Difference(a[key], b[key], $"{path}.{key}") is not null)
                    {
                        return a.ContainsKey(key) && b.ContainsKey(key) ? Difference(a[key], b[key], $"{path}.{key}") : ($"{path}.{key}", a[key], b[key]);
                    }
                }
                return null;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    if (i >= a.Count || i >= b.Count)
                    {
                        return ($"{path}[{i}]", i < a.Count ? a[i] : null, i < b.Count ? b[i] : null);
                    }
                    if (Difference(a[i], b[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            default:
                return JsonNode.DeepEquals(recorded, now) ? null : (path.Length == 0 ? "(the exchange)" : path, recorded, now);
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString(Indented).ReplaceLineEndings("").Replace("  ", "", StringComparison.Ordinal) ?? "(none)";
        return text.Length <= 600 ? text : text[..600] + "…";
    }
}
