using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Webhooks;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Each webhook schema of Kombo's openapi.json walked along its example (WebhookVariants): every key its schema
/// does not require removed, every nullable value null, every enum string one we have never seen, an unknown key
/// in every object, and all removals and nulls at once. Each variant goes through the real gateway and silos as a
/// new event about a new integration or order, so the grains act on it too, and must be accepted and processed.
/// Orders go to an integration that offers the example's package, so each variant is decided all the way: accepted.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class KomboSchemaVariantTests(KomboCluster fixture)
{
    public static TheoryData<string> WebhookTypes() => new(KomboEventTypes.Shapes.Keys);

    [SharedFileTheory(KomboDocuments.OpenApiFile)]
    [MemberData(nameof(WebhookTypes))]
    public async Task Every_variant_kombos_schema_allows_is_accepted_and_processed(string type)
    {
        var webhook = KomboDocuments.Webhook(type);
        var failures = new List<string>();
        var sent = 0;
        foreach (var example in webhook.Examples)
        {
            var offering = Delivery.IsOrder(type) ? await OfferingAsync(example["data"]!["package_id"]!.GetValue<string>()) : null;
            foreach (var (description, variant) in WebhookVariants.Of(webhook, example))
            {
                var subject = AsNewEvent(type, variant, offering);
                var delivery = await Delivery.PostAsync(fixture.Gateway.Webhooks, variant);
                sent++;
                if ((delivery.Problem() ?? await ActedOnAsync(type, subject, delivery)) is { } problem)
                {
                    failures.Add($"{description}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} {type} variants failed:\n{string.Join('\n', failures)}");
    }

    /// <summary>A sandbox integration our cluster knows, offering the example's package.</summary>
    private async Task<string> OfferingAsync(string packageId)
    {
        var integration = await Assessments.OfferingAsync(fixture);
        await Assessments.PutPackagesAsync(fixture.Gateway.Api, integration.Id, Assessments.PackageSet(packageId));
        return integration.Id;
    }

    /// <summary>
    /// Makes the variant a new event about a new subject: a fresh event id, and a fresh integration (or order, sent
    /// to <paramref name="offering"/>), so no grain takes it for one it has already seen. Returns the subject's id.
    /// </summary>
    private static string? AsNewEvent(string type, JsonObject variant, string? offering)
    {
        var unique = Guid.NewGuid().ToString("N");
        variant["id"] = $"{variant["id"]}-{unique}";
        var data = variant["data"]!.AsObject();
        if (Delivery.IsOrder(type))
        {
            data["integration_id"] = offering;
            data["id"] = $"{data["id"]}-{unique}";
            return data["id"]!.GetValue<string>();
        }
        var key = type is KomboEventTypes.IntegrationCreated or KomboEventTypes.IntegrationDeleted ? "id" : "integration_id";
        if (data[key] is not JsonValue integration)
        {
            return null;
        }
        data[key] = $"{integration}-{unique}";
        return data[key]!.GetValue<string>();
    }

    /// <summary>Whether the grain acted on the event: the order is decided and accepted, the integration recorded it.</summary>
    private async Task<string?> ActedOnAsync(string type, string? subject, Delivery delivery)
    {
        if (subject is null)
        {
            return null;
        }
        if (Delivery.IsOrder(type))
        {
            if (delivery.Status != 200)
            {
                return $"the order was not accepted: {delivery.Status} {delivery.Body}";
            }
            if (type == KomboEventTypes.InlineAssessmentOrderReceived
                && JsonDocument.Parse(delivery.Body).RootElement.GetProperty("assessment_url").GetString() is not { Length: > 0 })
            {
                return $"no assessment_url in {delivery.Body}";
            }
            var order = await Assessments.DetailsAsync(fixture.Gateway.Api, subject);
            return order.Status() is "RECEIVED" or "INVITED" ? null : $"the order is {order.Status()}";
        }
        var recorded = await TestDatabase.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM integrations WHERE id = @id)", ("id", subject));
        return recorded ? null : $"integration {subject} was not recorded";
    }
}
