using System.Text.Json.Nodes;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary>
/// The schema check itself: it passes Kombo's own examples as printed, and it fails a real sandbox body broken in each
/// way Kombo's schema forbids (an unknown key where <c>additionalProperties</c> is false, a missing required key, a
/// value outside an enum or a const, a bad format, a pattern mismatch, a null where the type does not allow one, a
/// wrong type, a number below its minimum). A check that let these through would prove nothing.
/// </summary>
public sealed class SchemaStrictnessTests : IntegrationTest
{
    public static TheoryData<string> WebhookTypes() => SharedFiles.Exists(KomboSchemas.OpenApiFile)
        ? new TheoryData<string>(KomboSchemas.WebhookTypes())
        : new TheoryData<string>("(openapi.json absent)");

    [SharedFileTheory(KomboSchemas.OpenApiFile)]
    [MemberData(nameof(WebhookTypes))]
    public void Kombos_own_webhook_examples_pass_the_check(string type)
    {
        var example = KomboSchemas.WebhookExample(type).ToJsonString();
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Webhook(type), example));
    }

    [SharedFileTheory(KomboSchemas.OpenApiFile)]
    [InlineData("/ats/jobs")]
    [InlineData("/ats/candidates")]
    [InlineData("/ats/applications")]
    [InlineData("/ats/users")]
    [InlineData("/ats/tags")]
    [InlineData("/ats/application-stages")]
    [InlineData("/assessment/packages")]
    [InlineData("/integrations/{integration_id}")]
    [InlineData("/check-api-key")]
    public void Kombos_own_response_examples_pass_the_check(string path)
    {
        var example = KomboSchemas.ResponseExample(path, "get");
        Assert.NotNull(example);
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response(path, "get"), example.ToJsonString()));
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public void Kombos_own_error_examples_pass_the_check()
    {
        foreach (var example in KomboSchemas.ErrorExamples("/ats/jobs", "get"))
        {
            Assert.Empty(KomboSchemas.Errors(KomboSchemas.ErrorResponse("/ats/jobs", "get"), example.ToJsonString()));
        }
    }

    public static TheoryData<string, string, string, string> Breakages() => new()
    {
        // what breaks; the body it breaks; a path in that body and the change (see Break); the error NJsonSchema must report
        { "an unknown key where additionalProperties is false", "order-webhook", "data.job.location+=floor:3", "NoAdditionalPropertiesAllowed" },
        { "a missing required key", "tags", "data.results[0]-=changed_at", "PropertyRequired" },
        { "a missing required key in a webhook", "order-webhook", "data.candidate-=phone", "PropertyRequired" },
        { "a value outside an enum", "applications", "data.results[0].outcome=\"MAYBE\"", "NotInEnumeration" },
        { "a value outside a const", "tags", "status=\"ok\"", "NotInEnumeration" },
        { "a value outside an enum of a webhook", "order-webhook", "data.status=\"PENDING\"", "NotInEnumeration" },
        { "a bad date-time format", "tags", "data.results[0].changed_at=\"yesterday\"", "DateTimeExpected" },
        { "a bad email format", "order-webhook", "data.candidate.email=\"not-an-email\"", "EmailExpected" },
        { "a bad uri format", "sync-webhook", "data.log_url=\"not a uri\"", "UriExpected" },
        { "a pattern mismatch", "users", "data.results[0].email=\"UPPER@EXAMPLE.COM\"", "PatternMismatch" },
        { "a null where the type allows none", "tags", "data.results[0].changed_at=null", "StringExpected" },
        { "a null where the webhook's type allows none", "order-webhook", "data.candidate.email=null", "StringExpected" },
        { "a wrong type", "jobs", "data.results[0].weekly_hours=\"forty\"", "NumberExpected" },
        { "a variant of a union that none of its consts names", "jobs", "data.results[0].screening_questions[0].format.type=\"BOGUS\"", "NotInEnumeration" },
        { "a number below its minimum", "sync-webhook", "data.sync_duration_seconds=-1", "NumberTooSmall" },
        { "an error code outside the endpoint's list", "error", "error.code=\"PLATFORM.SOMETHING_ELSE\"", "NotInEnumeration" },
    };

    [SharedFileTheory(KomboSchemas.OpenApiFile)]
    [MemberData(nameof(Breakages))]
    public async Task A_real_body_broken_the_way_Kombos_schema_forbids_fails_the_check(string what, string source, string breakage, string error)
    {
        var (schema, json) = await RealBody(source);
        Assert.Empty(KomboSchemas.Errors(schema, json));
        var broken = Break(JsonNode.Parse(json)!, breakage);
        var errors = KomboSchemas.Errors(schema, broken);
        Assert.True(errors.Any(e => e.Contains($": {error} (", StringComparison.Ordinal)),
            $"the check let {what} through (expected {error}; got {string.Join("; ", errors)}): {broken[..Math.Min(600, broken.Length)]}");
    }

    /// <summary>A body the sandbox really sent or served, with the schema it must satisfy.</summary>
    private async Task<(NJsonSchema.JsonSchema Schema, string Json)> RealBody(string source)
    {
        switch (source)
        {
            case "order-webhook":
                var application = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted);
                var order = await Integration.CreateOrderAsync(new OrderSpec { PackageId = "p", ApplicationId = application.Id });
                var sent = await Harness.Receiver.WaitFor("assessment:order-received");
                // A location with every key but street_2, so adding a key tests additionalProperties and nothing else.
                var body = JsonNode.Parse(sent.RawBody)!;
                body["data"]!["job"]!["location"] = JsonNode.Parse("""{"street_1":"Lohmühlenstraße 65","city":"Berlin","country":"DE","raw":"Berlin"}""");
                Assert.NotNull(order);
                return (KomboSchemas.Webhook("assessment:order-received"), body.ToJsonString());
            case "sync-webhook":
                await Integration.FinishSync().Webhooks;
                return (KomboSchemas.Webhook("sync-finished"), System.Text.Encoding.UTF8.GetString((await Harness.Receiver.WaitFor("sync-finished")).RawBody));
            case "error":
                using (var response = await Client.GetAsync("ats/jobs?page_size=0"))
                {
                    return (KomboSchemas.ErrorResponse("/ats/jobs", "get"), await response.Content.ReadAsStringAsync());
                }
            default:
                var page = await Client.GetStringAsync($"ats/{source}?page_size=50");
                var node = JsonNode.Parse(page)!;
                var results = node["data"]!["results"]!.AsArray();
                // One record that has what the breakages need: a user's email (for its pattern), a job's screening
                // question with a format (for the union of formats).
                var chosen = source switch
                {
                    "users" => results.First(u => u!["email"] is not null)!.DeepClone(),
                    "jobs" => results.First(j => j!["screening_questions"]!.AsArray().Any(q => q!["format"] is not null))!.DeepClone(),
                    _ => results[0]!.DeepClone(),
                };
                if (source == "jobs")
                {
                    var questions = chosen["screening_questions"]!.AsArray();
                    var withFormat = questions.First(q => q!["format"] is not null)!.DeepClone();
                    questions.Clear();
                    questions.Add(withFormat);
                }
                results.Clear();
                results.Add(chosen);
                page = node.ToJsonString();
                return (KomboSchemas.Response("/ats/" + source, "get"), page);
        }
    }

    /// <summary>
    /// Applies one breakage: <c>path=value</c> sets, <c>path-=key</c> removes a key, <c>path+=key:value</c> adds one
    /// (the value as JSON, a number here).
    /// </summary>
    private static string Break(JsonNode root, string breakage)
    {
        var (path, operation, argument) = breakage.Contains("-=", StringComparison.Ordinal) ? Split(breakage, "-=")
            : breakage.Contains("+=", StringComparison.Ordinal) ? Split(breakage, "+=")
            : Split(breakage, "=");
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate(root, Step);
        var last = segments[^1];
        switch (operation)
        {
            case "-=":
                Assert.True(Step(parent, last).AsObject().Remove(argument), $"{path} has no key {argument}");
                break;
            case "+=":
                var (key, value) = (argument[..argument.IndexOf(':')], argument[(argument.IndexOf(':') + 1)..]);
                Step(parent, last).AsObject()[key] = JsonNode.Parse(value);
                break;
            default:
                parent.AsObject()[last] = JsonNode.Parse(argument);
                break;
        }
        return root.ToJsonString();
    }

    private static (string Path, string Operation, string Argument) Split(string breakage, string operation)
    {
        var at = breakage.IndexOf(operation, StringComparison.Ordinal);
        return (breakage[..at], operation, breakage[(at + operation.Length)..]);
    }

    /// <summary><c>name</c> or <c>name[i]</c>.</summary>
    private static JsonNode Step(JsonNode node, string segment)
    {
        var bracket = segment.IndexOf('[');
        if (bracket < 0)
        {
            return node[segment] ?? throw new InvalidOperationException($"no {segment}");
        }
        var index = int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[segment[..bracket]]![index]!;
    }
}
