using System.Text.Json.Nodes;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Webhooks;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Kombo's own webhooks, as its documents print them, through the real gateway and silos: every example of every
/// webhook in openapi.json and every event the guides in ../shared/seeds print. Each is answered 2xx (or 422 for an
/// order we reject on purpose, e.g. for an integration or package we do not know) and processed. Only the event
/// id is made unique per delivery, since the documents reuse one id and the inbox would take the rest as repeats.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class KomboExampleWebhookTests(KomboCluster fixture)
{
    public static TheoryData<string> WebhookTypes() => new(KomboEventTypes.Shapes.Keys);

    public static TheoryData<string, int> SeedEvents()
    {
        var data = new TheoryData<string, int>();
        if (SharedFiles.Exists(KomboDocuments.SeedsFolder))
        {
            foreach (var (file, index, _) in KomboDocuments.SeedEvents())
            {
                data.Add(file, index);
            }
        }
        return data;
    }

    [SharedFileTheory(KomboDocuments.OpenApiFile)]
    [MemberData(nameof(WebhookTypes))]
    public async Task Kombos_openapi_example_is_answered_and_processed(string type)
    {
        var webhook = KomboDocuments.Webhook(type);
        Assert.NotEmpty(webhook.Examples);

        foreach (var example in webhook.Examples)
        {
            var delivery = await Delivery.PostAsync(fixture.Gateway.Webhooks, AsNewEvent(example));

            Assert.True(delivery.Problem() is null, $"Kombo's {type} example: {delivery.Problem()}");
        }
    }

    [SharedFileTheory(KomboDocuments.SeedsFolder)]
    [MemberData(nameof(SeedEvents))]
    public async Task An_event_printed_in_kombos_guides_is_answered_and_processed(string file, int index)
    {
        var printed = KomboDocuments.SeedEvents().Single(e => e.File == file && e.Index == index).Event;

        var delivery = await Delivery.PostAsync(fixture.Gateway.Webhooks, AsNewEvent(printed));

        Assert.True(delivery.Problem() is null, $"event {index} of {file} ({delivery.Type}): {delivery.Problem()}");
    }

    private static JsonObject AsNewEvent(JsonObject printed)
    {
        var envelope = printed.DeepClone().AsObject();
        envelope["id"] = $"{printed["id"]}-{Guid.NewGuid():N}";
        return envelope;
    }
}
