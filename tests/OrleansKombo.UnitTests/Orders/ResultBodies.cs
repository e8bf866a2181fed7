using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>
/// Result bodies generated from the request schema of Kombo's <c>PUT /assessment/orders/{id}/result</c> (openapi.json):
/// every optional key present or absent, both attribute kinds, attachments by <c>data</c> or <c>data_url</c>,
/// <c>completed_at</c> in every form Kombo's pattern allows, and <c>remote_fields</c> with Kombo's typed keys and others.
/// </summary>
public static class ResultBodies
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcXYZ0129 .,:;!?-_/éüß日本\"\\"], 0, 12];

    /// <summary>What <c>[\w.-]+</c> matches when read as ECMAScript.</summary>
    private static readonly Gen<string> Token = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"], 1, 12];

    private static readonly Gen<string> Url =
        from host in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 10]
        from path in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_"], 0, 10]
        select $"https://{host}.example/{path}";

    private static readonly Gen<double> Number = Gen.OneOf(Gen.Int[-1000, 1000].Select(i => (double)i), Gen.Double[-1e6, 1e6]);

    private static readonly Gen<JsonNode?> AnyJson = Gen.OneOf(
        Text.Select(t => (JsonNode?)JsonValue.Create(t)),
        Number.Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null),
        Text.Select(t => (JsonNode?)new JsonObject { ["key"] = t, ["nested"] = new JsonArray(1, "two", null) }),
        Number.Array[0, 3].Select(ns => (JsonNode?)new JsonArray(ns.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray())));

    /// <summary>The instant and how it is written: with milliseconds, seconds, microseconds, as a date alone, without Z.</summary>
    private static readonly Gen<(DateTimeOffset Instant, string Text)> CompletedAt =
        from seconds in Gen.Long[0, 3_000_000_000]
        from micros in Gen.Int[0, 999_999]
        from form in Gen.Int[0, 5]
        select Write(DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(micros * 10L), form);

    private static readonly Gen<JsonObject> TextAttribute =
        from label in Text
        from value in Text
        select new JsonObject { ["type"] = "TEXT", ["label"] = label, ["value"] = value };

    private static readonly Gen<JsonObject> SubResult =
        from id in Text
        from label in Text
        from value in Number
        from max in Gen.OneOf(Gen.Int[1, 1000].Select(i => (double)i), Gen.Double[1, 1e6])
        from status in OneOf("COMPLETED", "CANCELLED")
        select new JsonObject
        {
            ["type"] = "SUB_RESULT", ["id"] = id, ["label"] = label, ["score"] = new JsonObject { ["value"] = value, ["max"] = max }, ["status"] = status,
        };

    private static readonly Gen<JsonObject> Attachment =
        from name in Text
        from byData in Gen.Bool
        from bytes in Gen.Byte.Array[0, 24]
        from url in Url
        from contentType in ContentType
        from typed in Gen.Bool
        select byData
            ? new JsonObject { ["name"] = name, ["data"] = Convert.ToBase64String(bytes), ["content_type"] = contentType }
            : typed
                ? new JsonObject { ["name"] = name, ["data_url"] = url, ["content_type"] = contentType }
                : new JsonObject { ["name"] = name, ["data_url"] = url };

    private static Gen<string> ContentType => from type in Token from subtype in Token select $"{type}/{subtype}";

    private static readonly Gen<JsonObject> RemoteFields =
        from smartrecruiters in Optional(from label in Optional(Text) select Object(("scoreLabel", label)))
        from recruitee in Optional(from subtitle in Optional(Text) select Object(("subtitle", subtitle)))
        from workday in Optional(AnyJson.Select(v => new JsonObject { ["assess_candidate_data"] = v }))
        from other in AnyJson
        from withOther in Gen.Bool
        select Object(("smartrecruiters", smartrecruiters), ("recruitee", recruitee), ("workday", workday), ("tool_we_never_heard_of", withOther ? other ?? "" : null));

    /// <summary>Bodies Kombo's schema allows (and, where its prose asks for <c>completed_at</c>, with it).</summary>
    public static readonly Gen<GeneratedResultBody> Valid =
        from status in OneOf("COMPLETED", "CANCELLED", "OPEN")
        from url in Url
        from completedAt in CompletedAt
        from withCompletedAt in Gen.Bool
        from score in Gen.Nullable(Number)
        from maxScore in Gen.Nullable(Number)
        from attributes in Optional(Gen.OneOf(TextAttribute, SubResult).Array[0, 4])
        from attachments in Optional(Attachment.Array[0, 5])
        from remoteFields in Optional(RemoteFields)
        let completed = status != "OPEN" || withCompletedAt ? completedAt : ((DateTimeOffset, string)?)null
        select new GeneratedResultBody(Object(
            ("status", status),
            ("result_url", url),
            ("completed_at", completed?.Item2),
            ("score", score),
            ("max_score", maxScore),
            ("attributes", attributes is null ? null : new JsonArray(attributes.Select(a => (JsonNode?)a).ToArray())),
            ("attachments", attachments is null ? null : new JsonArray(attachments.Select(a => (JsonNode?)a).ToArray())),
            ("remote_fields", remoteFields)), completed?.Item1);

    private static readonly string[] BadContentTypes = ["image/svg+xml", "application/pdf; charset=utf-8", "application/pdf/x", "pdf", "", "text/ plain"];

    /// <summary>Absolute URIs Kombo's <c>format: uri</c> allows and we refuse: nothing but http(s) goes to a recruiter or a download.</summary>
    public static readonly string[] NotHttpUrls =
        ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "mailto:ada@example.com", "ftp://files.example/r.pdf",
         "urn:isbn:0451450523", "/results/1", "http://"];

    /// <summary>A valid body whose result_url, or one attachment's data_url, is one of <see cref="NotHttpUrls"/>.</summary>
    public static readonly Gen<(JsonObject Json, string Where)> WithUrlNotHttp =
        from body in Valid
        from url in Gen.Int[0, NotHttpUrls.Length - 1].Select(i => NotHttpUrls[i])
        from inAttachment in Gen.Bool
        select inAttachment
            ? (With(body.Json, "attachments", new JsonArray(new JsonObject { ["name"] = "report.pdf", ["data_url"] = url })), $"data_url {url}")
            : (With(body.Json, "result_url", JsonValue.Create(url)), $"result_url {url}");

    private static JsonObject With(JsonObject body, string key, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        copy[key] = value;
        return copy;
    }

    private static readonly JsonNode?[] NotObjects = ["a string", 42, true, new JsonArray(1, 2)];

    private static readonly JsonNode?[] NotStrings = [42, true, null, new JsonObject(), new JsonArray("x")];

    /// <summary>A valid body with one change Kombo's schema refuses.</summary>
    public static readonly Gen<RefusedResultBody> Refused =
        from body in Valid
        from mutation in Gen.Int[0, 11]
        from pick in Gen.Int[0, 100]
        select Mutate(body.Json.DeepClone().AsObject(), mutation, pick);

    private static RefusedResultBody Mutate(JsonObject body, int mutation, int pick)
    {
        T Pick<T>(T[] items) => items[pick % items.Length];
        JsonObject Remote() => body["remote_fields"] as JsonObject ?? (JsonObject)(body["remote_fields"] = new JsonObject());
        switch (mutation)
        {
            case 0:
                var type = Pick(BadContentTypes);
                var attachments = body["attachments"] as JsonArray ?? (JsonArray)(body["attachments"] = new JsonArray());
                if (attachments.Count == 0)
                {
                    attachments.Add(new JsonObject { ["name"] = "report.pdf", ["data_url"] = "https://files.example/report.pdf" });
                }
                attachments[pick % attachments.Count]!["content_type"] = type;
                return new(body, $"content_type '{type}'", true);
            case 1:
                body["remote_fields"] = Pick(NotObjects)?.DeepClone();
                return new(body, "remote_fields not an object", true);
            case 2:
                body["remote_fields"] = null;
                return new(body, "remote_fields null", false);
            case 3:
                Remote()["smartrecruiters"] = Pick<JsonNode?>([.. NotObjects, null])?.DeepClone();
                return new(body, "remote_fields.smartrecruiters not an object", true);
            case 4:
                Remote()["smartrecruiters"] = new JsonObject { ["scoreLabel"] = Pick(NotStrings)?.DeepClone() };
                return new(body, "remote_fields.smartrecruiters.scoreLabel not a string", true);
            case 5:
                Remote()["recruitee"] = new JsonObject { ["subtitle"] = Pick(NotStrings)?.DeepClone() };
                return new(body, "remote_fields.recruitee.subtitle not a string", true);
            case 6:
                body["attachments"] = new JsonArray(Enumerable.Range(0, 6)
                    .Select(i => (JsonNode?)new JsonObject { ["name"] = $"{i}.pdf", ["data_url"] = $"https://files.example/{i}.pdf" }).ToArray());
                return new(body, "six attachments", true);
            case 7:
                body["attachments"] = new JsonArray(new JsonObject { ["data_url"] = "https://files.example/report.pdf" });
                return new(body, "an attachment without a name", true);
            case 8:
                body["status"] = Pick<string>(["DONE", "REJECTED", "PENDING"]);
                return new(body, "an unknown status", true);
            case 9:
                body.Remove("result_url");
                return new(body, "no result_url", true);
            case 10:
                body["score"] = Pick<JsonNode?>(["high", true, null]);
                return new(body, $"score {body["score"]?.ToJsonString() ?? "null"}", body["score"] is not null);
            default:
                body["attributes"] = new JsonArray(new JsonObject
                {
                    ["type"] = "SUB_RESULT", ["id"] = "a", ["label"] = "A", ["score"] = new JsonObject { ["value"] = 1, ["max"] = 0.5 }, ["status"] = "COMPLETED",
                });
                return new(body, "a sub-result whose max is below 1", true);
        }
    }

    private static (DateTimeOffset, string) Write(DateTimeOffset instant, int form)
    {
        string Text(DateTimeOffset at, string format) => at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
        var second = new DateTimeOffset(instant.Ticks - instant.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var milli = new DateTimeOffset(instant.Ticks - instant.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var day = new DateTimeOffset(instant.UtcDateTime.Date, TimeSpan.Zero);
        return form switch
        {
            0 => (milli, Text(milli, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'")),
            1 => (second, Text(second, "yyyy-MM-dd'T'HH:mm:ss'Z'")),
            2 => (instant, Text(instant, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")),
            3 => (day, Text(day, "yyyy-MM-dd")),
            4 => (milli, Text(milli, "yyyy-MM-dd'T'HH:mm:ss.fff")),
            _ => (day, Text(day, "yyyy-MM-dd'Z'")),
        };
    }

    private static Gen<string> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Gen<T?> Optional<T>(Gen<T> gen) where T : class =>
        Gen.Bool.SelectMany(present => present ? gen.Select(value => (T?)value) : Gen.Const((T?)null));

    /// <summary>An object of the keys whose value is not null: an absent key, as Kombo's optional keys are.</summary>
    private static JsonObject Object(params (string Key, object? Value)[] members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            if (value is not null)
            {
                result[key] = value switch
                {
                    JsonNode node => node,
                    string text => JsonValue.Create(text),
                    double number => JsonValue.Create(number),
                    _ => throw new ArgumentException($"{key}: no JSON for a {value.GetType().Name}"),
                };
            }
        }
        return result;
    }
}
