using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Privacy;
using OrleansKombo.UnitTests.Privacy;
using OrleansKombo.UnitTests.Webhooks;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Webhook bodies for the fuzz test (issue 14, requirement 9): Kombo's own examples (openapi.json) changed as its schemas
/// allow and as a hostile sender would, random JSON, and bodies that are not JSON at all. Every phone number carries this
/// run's digits and sits under a phone key, and no change ever moves it elsewhere, so the digits found anywhere
/// afterwards are a leak. A change is drawn from a seed, so CsCheck's seed reproduces a body exactly.
/// </summary>
public sealed class FuzzedWebhooks
{
    private const string Huge = "~HUGE~";
    private const string BadUtf8 = "~BADUTF8~";

    private static readonly string[] HugeNumbers = ["1e999999", "-123456789012345678901234567890.5e-99999", "18446744073709551616", "0.0000000000000000000000001"];

    private readonly string _run;
    private readonly string _digits;
    private readonly IReadOnlyList<(KomboWebhook Webhook, JsonObject Example)> _examples;

    public FuzzedWebhooks(string run, string digits)
    {
        _run = run;
        _digits = digits;
        _examples = KomboDocuments.Webhooks().SelectMany(w => w.Examples.Select(e => (w, e))).ToList();
    }

    /// <summary>One body to post, and what was done to it (the kind counts in the test's report).</summary>
    public sealed record Body(string Kind, string Changes, byte[] Bytes)
    {
        public override string ToString()
        {
            var text = Encoding.UTF8.GetString(Bytes);
            return $"{Kind} ({Changes}): {(text.Length > 400 ? text[..400] + "…" : text)}";
        }
    }

    public Gen<Body> All => Gen.Frequency((6, Mutated), (3, RandomJson), (2, Broken));

    /// <summary>Fresh ids mostly; some repeat (Kombo's retries), some carry poison or are too long.</summary>
    private Gen<string> Id => Gen.Frequency(
        (16, Gen.Guid.Select(g => $"fz-{_run}-{g:N}")),
        (2, Gen.Int[0, 9].Select(i => $"fz-{_run}-repeat-{i}")),
        (1, Gen.Select(Gen.OneOf(PoisonedJson.Poison.Select(p => Gen.Const(p.Marker)).ToArray()), Gen.Guid)
            .Select((poison, g) => $"fz-{_run}-{poison}-{g:N}")),
        (1, Gen.Guid.Select(g => $"fz-{_run}-{new string('i', 300)}-{g:N}")));

    private Gen<Body> Mutated => Gen.Select(Gen.Int[0, _examples.Count - 1], Gen.Int[1, 6], Gen.Int, Id).Select((index, count, seed, id) =>
    {
        var (webhook, example) = _examples[index];
        var envelope = example.DeepClone().AsObject();
        envelope["id"] = id;
        var random = new Random(seed);
        var changes = Enumerable.Range(0, count).Select(_ => Mutate(webhook, example, envelope, random)).ToList();
        return new Body($"example {webhook.Type}", string.Join(", ", changes), Encode(envelope));
    });

    private Gen<Body> RandomJson => Gen.Frequency(
        (3, Gen.Select(Id, Gen.OneOf(_examples.Select(e => Gen.Const(e.Webhook.Type)).Append(Gen.Const("made-up-type")).ToArray()),
                PoisonedJson.Object(3, _digits))
            .Select((id, type, data) => new Body("random data", type, Encode(new JsonObject { ["id"] = id, ["type"] = type, ["data"] = data })))),
        (1, PoisonedJson.Value(3, _digits).Select(value => new Body("random JSON", "any value", Encode(value)))));

    private Gen<Body> Broken => Gen.Select(Mutated, Gen.Int[0, 4], Gen.Int).Select((body, how, seed) =>
    {
        var random = new Random(seed);
        var bytes = body.Bytes;
        var position = random.Next(1, Math.Max(2, bytes.Length - 1));
        return how switch
        {
            0 => new Body("not JSON", "truncated", bytes[..position]),
            1 => new Body("not JSON", "a raw NUL byte", [.. bytes[..position], 0, .. bytes[position..]]),
            2 => new Body("not JSON", "trailing garbage", [.. bytes, .. "}{ tail"u8]),
            3 => new Body("not JSON", "nested 80 deep", Encoding.UTF8.GetBytes(new string('[', 80) + Encoding.UTF8.GetString(bytes) + new string(']', 80))),
            _ => new Body("not JSON", "no body", []),
        };
    });

    /// <summary>One change, at a place drawn by <paramref name="random"/>; returns what it did.</summary>
    private string Mutate(KomboWebhook webhook, JsonObject example, JsonObject envelope, Random random)
    {
        var places = Places(envelope).ToList();
        if (places.Count == 0)
        {
            return "none";
        }
        var (parent, key, node) = places[random.Next(places.Count)];
        switch (random.Next(11))
        {
            case 0:
                var allowed = WebhookVariants.Mutations(webhook, example);
                if (allowed.Count == 0)
                {
                    return "none";
                }
                var mutation = allowed[random.Next(allowed.Count)];
                mutation.ApplyTo(envelope);
                return mutation.ToString();
            case 1:
                var objects = places.Select(p => p.Node).OfType<JsonObject>().Prepend(envelope).ToList();
                var target = objects[random.Next(objects.Count)];
                var phoneKey = PoisonedJson.PhoneKeys[random.Next(PoisonedJson.PhoneKeys.Length)];
                target[phoneKey] = PhoneValue(random);
                return $"phone under {phoneKey}";
            case 2 when node is JsonValue value && value.TryGetValue<string>(out var text):
                Replace(parent, key, Insert(text, PoisonedJson.Poison[random.Next(PoisonedJson.Poison.Length)].Marker, random));
                return $"poison in {key}";
            case 3 when parent is JsonObject o && key is string name:
                var poisoned = Insert(name, PoisonedJson.Poison[random.Next(PoisonedJson.Poison.Length)].Marker, random);
                o.Remove(name);
                o[poisoned] = node;
                return $"poison in the key {name}";
            case 4:
                JsonNode?[] others = [42, "text", true, null, new JsonArray(), new JsonObject { ["x"] = 1 }, -0.5];
                Replace(parent, key, others[random.Next(others.Length)]);
                return $"wrong type at {key}";
            case 5:
                Replace(parent, key, Huge + random.Next(HugeNumbers.Length));
                return $"huge number at {key}";
            case 6:
                var depth = new[] { 5, 30, 70 }[random.Next(3)];
                JsonNode nested = new JsonArray();
                for (var i = 0; i < depth; i++)
                {
                    nested = new JsonArray(nested);
                }
                Replace(parent, key, nested);
                return $"nested {depth} at {key}";
            case 7:
                Replace(parent, key, new string('x', random.Next(257, 5000)));
                return $"long string at {key}";
            case 8 when node is JsonValue:
                Replace(parent, key, $"bad{BadUtf8}utf8");
                return $"invalid UTF-8 at {key}";
            case 9:
                var type = _examples[random.Next(_examples.Count)].Webhook.Type;
                envelope["type"] = type;
                return $"type {type}";
            case 10:
                var part = new[] { "id", "type", "data" }[random.Next(3)];
                if (random.Next(2) == 0)
                {
                    envelope.Remove(part);
                }
                else
                {
                    envelope[part] = random.Next(2) == 0 ? 7 : "";
                }
                return $"envelope {part}";
            default:
                return "none";
        }
    }

    private JsonNode PhoneValue(Random random) => random.Next(4) switch
    {
        0 => JsonValue.Create("+" + _digits),
        1 => new JsonArray(new JsonObject { ["type"] = "MOBILE", ["phone_number"] = _digits }),
        2 => new JsonObject { ["number"] = _digits },
        _ => JsonValue.Create(long.Parse(_digits, System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>Every place below the envelope, except inside what a phone key holds (a change there could move the digits).</summary>
    private static IEnumerable<(JsonNode Parent, object Key, JsonNode? Node)> Places(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    if (PhoneKeys.IsPhone(key))
                    {
                        continue;
                    }
                    yield return (o, key, child);
                    if (child is not null)
                    {
                        foreach (var place in Places(child))
                        {
                            yield return place;
                        }
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, i, a[i]);
                    if (a[i] is { } item)
                    {
                        foreach (var place in Places(item))
                        {
                            yield return place;
                        }
                    }
                }
                break;
        }
    }

    private static void Replace(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    private static string Insert(string text, string marker, Random random)
    {
        var at = random.Next(text.Length + 1);
        return text[..at] + marker + text[at..];
    }

    /// <summary>The JSON text as sent: poison markers become escapes, huge-number markers numbers, the UTF-8 marker invalid bytes.</summary>
    private static byte[] Encode(JsonNode? node)
    {
        var text = PoisonedJson.Serialise(node);
        for (var i = 0; i < HugeNumbers.Length; i++)
        {
            text = text.Replace($"\"{Huge}{i}\"", HugeNumbers[i], StringComparison.Ordinal);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var marker = Encoding.UTF8.GetBytes(BadUtf8);
        for (var at = bytes.AsSpan().IndexOf(marker); at >= 0; at = bytes.AsSpan().IndexOf(marker))
        {
            bytes = [.. bytes[..at], 0xFF, 0xFE, .. bytes[(at + marker.Length)..]];
        }
        return bytes;
    }
}
