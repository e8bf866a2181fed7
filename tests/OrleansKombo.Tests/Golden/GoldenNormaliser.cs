using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// Turns a recorded answer into what must not change: values that legitimately differ from run to run (generated
/// ids, timestamps of the run, change feed seqs, cursors, link tokens, durations, webhook body hashes and sizes) become
/// stable placeholders, and the structure stays. Object keys are sorted, so key order never counts; array order is kept.
/// </summary>
public sealed partial class GoldenNormaliser(DateTimeOffset runStart)
{
    /// <summary>Timestamps from before this are generated sandbox data (fixed by the seed) and stay as they are.</summary>
    private readonly DateTimeOffset _recent = runStart.AddHours(-1);

    /// <summary>Generated values (integration, order, event and sync ids) and what they read as in the golden files.</summary>
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>Change feed seqs seen; a seq reads as its rank among them, since other tests share the sequence.</summary>
    private readonly SortedSet<long> _seqs = [];

    public void Name(string value, string placeholder)
    {
        _names[value] = placeholder;
        _names[Uri.EscapeDataString(value)] = placeholder;
    }

    public void Seq(long seq) => _seqs.Add(seq);

    /// <summary>The request line, e.g. <c>GET /api/integrations/&lt;integration&gt;/jobs?cursor=&lt;cursor:jobs|…&gt;</c>.</summary>
    public string Request(string method, string path)
    {
        var text = CursorParameter().Replace(path, m => "cursor=" + Cursor(Uri.UnescapeDataString(m.Groups[1].Value), keepUnknown: true));
        return $"{method} {Text(text)}";
    }

    public JsonNode? Node(JsonNode? node, string? property = null) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Node(p.Value, p.Key)))),
        JsonArray a => new JsonArray(a.Select(item => Node(item, property)).ToArray()),
        JsonValue v when property is "seq" && v.TryGetValue<long>(out var seq) => JsonValue.Create(SeqText(seq.ToString(CultureInfo.InvariantCulture))),
        JsonValue v when property is not null && property.Contains("duration", StringComparison.Ordinal) && v.TryGetValue<double>(out _) =>
            JsonValue.Create("<duration>"),
        JsonValue v when property is "next" && v.TryGetValue<string>(out var cursor) => JsonValue.Create(Cursor(cursor, keepUnknown: false)),
        // A webhook body as signed holds the run's ids and times: its hash and size differ every run.
        JsonValue when property is "body_sha256" => JsonValue.Create("<sha256>"),
        JsonValue when property is "body_bytes" => JsonValue.Create("<bytes>"),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Text(text)),
        _ => node.DeepClone(),
    };

    /// <summary>Generated ids by name, seqs after "after=", then the run's timestamps, then link tokens.</summary>
    public string Text(string text)
    {
        text = AfterParameter().Replace(text, m => "after=" + SeqText(m.Groups[1].Value));
        foreach (var (value, placeholder) in _names.OrderByDescending(n => n.Key.Length))
        {
            text = text.Replace(value, placeholder, StringComparison.Ordinal);
        }
        text = Timestamp().Replace(text, m => Recent(m.Value) ? "<time>" + m.Groups["zone"].Value : m.Value);
        text = Date().Replace(text, m => Recent(m.Value + "T23:59:59Z") ? "<date>" : m.Value);
        return Token().Replace(text, "token=<token>");
    }

    /// <summary>A cursor shows the key it holds, normalised: a change of what a page is keyed on shows in the diff.</summary>
    private string Cursor(string cursor, bool keepUnknown)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('\u001f');
        }
        catch (FormatException)
        {
            return keepUnknown ? cursor : "<cursor:not base64url>";
        }
        if (parts.Length < 2)
        {
            return keepUnknown ? cursor : "<cursor:" + Text(parts[0]) + ">";
        }
        var key = parts[0] == "changes" ? [parts[0], SeqText(parts[1])] : parts.Select(Text);
        return "<cursor:" + string.Join('|', key) + ">";
    }

    private string SeqText(string text)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || !_seqs.Contains(seq))
        {
            return text;
        }
        return $"<seq:{_seqs.GetViewBetween(long.MinValue, seq).Count}>";
    }

    private bool Recent(string timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at >= _recent;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?<zone>Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\dT])")]
    private static partial Regex Date();

    [GeneratedRegex(@"token=[^&""\s]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"cursor=([^&]+)")]
    private static partial Regex CursorParameter();

    [GeneratedRegex(@"after=(\d+)")]
    private static partial Regex AfterParameter();
}
