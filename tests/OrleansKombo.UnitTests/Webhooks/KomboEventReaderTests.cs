using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CsCheck;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>
/// The gateway's reading of webhook bodies, on its own (no cluster): the table of keys we require against Kombo's
/// schemas and our records, and Kombo's examples changed every way the schemas allow.
/// </summary>
public sealed class KomboEventReaderTests
{
    public static TheoryData<string> WebhookTypes() => new(KomboEventTypes.Shapes.Keys);

    public static TheoryData<string, string> RequiredKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (var (type, shape) in KomboEventTypes.Shapes)
        {
            foreach (var key in shape.RequiredKeys)
            {
                data.Add(type, key);
            }
        }
        return data;
    }

    private static object Envelope(string type, object data) => new { id = "evt_reader_test", type, data };

    private static KomboEventReading Read(JsonNode envelope) => KomboEventReader.Read(Encoding.UTF8.GetBytes(envelope.ToJsonString()));

    [SharedFileFact(KomboDocuments.OpenApiFile)]
    public void We_read_exactly_the_webhook_types_kombos_openapi_documents()
    {
        Assert.Equal(KomboDocuments.Webhooks().Select(w => w.Type).Order(StringComparer.Ordinal),
            KomboEventTypes.Shapes.Keys.Order(StringComparer.Ordinal));
    }

    [SharedFileTheory(KomboDocuments.OpenApiFile)]
    [MemberData(nameof(WebhookTypes))]
    public void The_keys_we_require_are_among_those_kombos_schema_requires(string type)
    {
        var schemaRequires = (KomboDocuments.Webhook(type).DataSchema["required"] as JsonArray ?? []).Select(k => k!.GetValue<string>());

        Assert.Subset(schemaRequires.ToHashSet(), KomboEventTypes.Shapes[type].RequiredKeys.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(WebhookTypes))]
    public void Each_record_is_non_null_exactly_where_we_require_a_key(string type)
    {
        var shape = KomboEventTypes.Shapes[type];
        var nullability = new NullabilityInfoContext();
        var parameters = shape.DataType.GetConstructors().Single().GetParameters();

        var nonNull = parameters.Where(p => !IsNullable(nullability, p)).Select(p => JsonName(shape.DataType, p)).ToHashSet();

        Assert.Equal(shape.RequiredKeys.ToHashSet(), nonNull);
        // Nothing nested is required: a record inside data reads whatever subset of its keys Kombo sends.
        foreach (var nested in NestedRecords(shape.DataType))
        {
            Assert.All(nested.GetConstructors().Single().GetParameters(), p =>
                Assert.True(IsNullable(nullability, p), $"{nested.Name}.{p.Name} must be nullable: no key inside data is required"));
        }
    }

    [SharedFileTheory(KomboDocuments.OpenApiFile)]
    [MemberData(nameof(RequiredKeys))]
    public void Without_a_key_we_require_an_event_is_refused_naming_the_key(string type, string key)
    {
        var example = KomboDocuments.Webhook(type).Examples[0];
        Assert.True(Read(example).IsUsable, $"Kombo's own {type} example must read: {Read(example).Problem}");

        foreach (var how in new[] { "absent", "null", "empty" })
        {
            var envelope = example.DeepClone().AsObject();
            var data = envelope["data"]!.AsObject();
            if (how == "empty" && data[key]?.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }
            switch (how)
            {
                case "absent":
                    data.Remove(key);
                    break;
                case "null":
                    data[key] = null;
                    break;
                default:
                    data[key] = "";
                    break;
            }

            var reading = Read(envelope);

            Assert.False(reading.IsUsable, $"{type} with {key} {how} must be refused");
            Assert.Contains(key, reading.Problem);
            Assert.Equal(type, reading.Event?.Type);
        }
    }

    [SharedFileTheory(KomboDocuments.OpenApiFile)]
    [MemberData(nameof(WebhookTypes))]
    public void Any_combination_of_changes_kombos_schema_allows_reads_as_its_type(string type)
    {
        var webhook = KomboDocuments.Webhook(type);
        foreach (var example in webhook.Examples)
        {
            var mutations = WebhookVariants.Mutations(webhook, example);
            Gen.Bool.Array[mutations.Count].Sample(pick =>
            {
                var chosen = mutations.Where((_, i) => pick[i]).ToList();
                var reading = Read(WebhookVariants.Apply(example, chosen));
                Assert.True(reading.IsUsable, $"{type} with [{string.Join(", ", chosen)}]: {reading.Problem}");
                Assert.IsType(KomboEventTypes.Shapes[type].DataType, reading.Event!.Data);
            }, iter: 300);
        }
    }

    [Fact]
    public void A_value_of_the_wrong_json_type_is_refused_naming_the_type()
    {
        var reading = Read(JsonSerializer.SerializeToNode(Envelope("data-changed",
            new { integration_id = "greenhouse:1", changed_models = "ats_jobs" }))!);

        Assert.False(reading.IsUsable);
        Assert.Contains("data-changed", reading.Problem);
    }

    [Fact]
    public void Unknown_keys_unknown_enum_strings_and_nulls_are_kept_as_sent()
    {
        var reading = Read(JsonSerializer.SerializeToNode(Envelope("integration-state-changed", new
        {
            integration_id = "greenhouse:1",
            integration_category = "SOMETHING_NEW",
            end_user = (object?)null,
            qa_status = "SKIPPED",
            state = "PAUSED",
            updated_at = "2026-01-01T00:00:00.000Z",
            brand_new_key = new { nested = 1 },
        }))!);

        Assert.True(reading.IsUsable, reading.Problem);
        var changed = Assert.IsType<IntegrationStateChanged>(reading.Event!.Data);
        Assert.Equal(("SOMETHING_NEW", "SKIPPED", "PAUSED", null, null), (changed.IntegrationCategory, changed.QaStatus, changed.State, changed.EndUser, changed.IntegrationTool));
        Assert.Equal("greenhouse:1", reading.Event.IntegrationId);
    }

    [Fact]
    public void Any_bytes_at_all_are_read_or_refused_with_a_reason_and_never_throw()
    {
        Gen.Byte.Array[0, 512].Sample(body =>
        {
            var reading = KomboEventReader.Read(body);
            Assert.True(reading.IsUsable || reading.Problem is { Length: > 0 });
        }, iter: 1000);
    }

    [Fact]
    public void A_body_that_is_not_json_is_refused_without_quoting_a_phone_number_from_it()
    {
        // The refusal is stored in the inbox as the answer, and a broken body cannot be minimised first.
        const string phone = "4915178223344";
        var body = Encoding.UTF8.GetBytes($$$"""{"id":"evt-1","type":"data-changed","data":{"integration_id":"i","phone":{{{phone}}},"mobile":"+{{{phone}}}"}}""");
        var fragments = Enumerable.Range(0, phone.Length - 5).Select(i => phone.Substring(i, 6)).ToArray();
        Gen.Select(Gen.Int[0, body.Length - 1], Gen.Byte, Gen.Int[1, body.Length]).Sample((at, value, length) =>
        {
            var broken = body.ToArray();
            broken[at] = value;
            var reading = KomboEventReader.Read(broken.AsSpan(0, length).ToArray());
            Assert.DoesNotContain(fragments, fragment => reading.Problem?.Contains(fragment, StringComparison.Ordinal) == true);
        }, iter: 2000);
    }

    [Fact]
    public void Any_envelope_of_any_known_or_unknown_type_is_read_or_refused_with_a_reason_and_never_throws()
    {
        var types = Gen.OneOf(Gen.OneOf(KomboEventTypes.Shapes.Keys.ToArray()), Gen.String[Gen.Char["abc-:"], 0, 12]);
        Gen.Select(Gen.String[Gen.Char["abc123"], 0, 8], types, Sync.JsonGen.Value(3), Gen.String[Gen.Char["abc:1"], 0, 8]).Sample((id, type, data, integration) =>
        {
            if (data is JsonObject payload && integration.Length % 2 == 0)
            {
                payload["integration_id"] = integration;
            }
            var reading = Read(new JsonObject { ["id"] = id, ["type"] = type, ["data"] = data });

            if (id.Length == 0 || type.Length == 0)
            {
                Assert.Null(reading.Event);
                Assert.Contains(id.Length == 0 ? "id" : "type", reading.Problem);
            }
            else if (!KomboEventTypes.Shapes.ContainsKey(type))
            {
                // A type we do not know is recorded and answered 200, with the integration it names when it names one.
                Assert.True(reading.IsUsable, reading.Problem);
                Assert.Null(reading.Event!.Data);
                Assert.Equal(data is JsonObject o && o["integration_id"] is JsonValue v && v.TryGetValue<string>(out var named) && named.Length > 0
                    ? named : null, reading.Event.IntegrationId);
            }
            else
            {
                Assert.Equal(type, reading.Event!.Type);
                Assert.True(reading.IsUsable ? reading.Event.Data is not null : reading.Problem!.Contains(type, StringComparison.Ordinal),
                    reading.Problem);
            }
        }, iter: 1000);
    }

    private static bool IsNullable(NullabilityInfoContext context, ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || !parameter.ParameterType.IsValueType && context.Create(parameter).ReadState != NullabilityState.NotNull;

    private static string JsonName(Type record, ParameterInfo parameter) =>
        record.GetProperty(parameter.Name!)?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name!);

    /// <summary>The records of our webhook namespace reachable from <paramref name="root"/>'s parameters (lists included).</summary>
    private static IEnumerable<Type> NestedRecords(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            foreach (var parameter in type.GetConstructors().Single().GetParameters())
            {
                var inner = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (inner.IsGenericType && inner.GetGenericArguments() is [var element])
                {
                    inner = element;
                }
                if (inner.Namespace == typeof(KomboEndUser).Namespace && seen.Add(inner))
                {
                    pending.Push(inner);
                    yield return inner;
                }
            }
        }
    }
}
