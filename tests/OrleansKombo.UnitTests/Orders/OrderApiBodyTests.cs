using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>What the API shows of an order: everything the grain's details hold, but an attachment's data only by its size.</summary>
public sealed class OrderApiBodyTests
{
    private static OrderDetails Details(OrderResult? result) => new("order-1", "integration-1", "pkg-1", OrderStatus.Completed, OrderSource.Webhook, false,
        new OrderCandidate("cand-1", "ada@example.com", "Ada", "Lovelace", null), null, null, null, null, null, result, null, []);

    [Fact]
    public void An_attachment_s_data_is_shown_by_its_decoded_size_and_everything_else_as_it_is()
    {
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.Bool, Gen.String[Gen.Char["abc .é"], 1, 10]).Array[0, 5].Sample(attachments =>
        {
            var result = new OrderResult(ResultStatus.Completed, "https://r.example/1", DateTimeOffset.UnixEpoch, Attachments: attachments
                .Select(a => a.Item2
                    ? new ResultAttachment(a.Item3, "application/pdf", Data: Convert.ToBase64String(a.Item1))
                    : new ResultAttachment(a.Item3, DataUrl: "https://files.example/" + a.Item1.Length))
                .ToList());
            var details = Details(result);

            var body = JsonNode.Parse(OrderApiBody.Of(details))!.AsObject();

            var shown = body["result"]!["attachments"]!.AsArray();
            var expected = JsonSerializer.SerializeToNode(details, KomboJson.Options)!.AsObject();
            for (var i = 0; i < attachments.Length; i++)
            {
                var attachment = shown[i]!.AsObject();
                Assert.False(attachment.ContainsKey("data"));
                var original = expected["result"]!["attachments"]![i]!.AsObject();
                if (original.Remove("data"))
                {
                    Assert.Equal(attachments[i].Item1.Length, attachment["data_bytes"]!.GetValue<int>());
                    original["data_bytes"] = attachments[i].Item1.Length;
                }
            }
            Assert.True(JsonNode.DeepEquals(expected, body));
        }, iter: 300);
    }

    [Fact]
    public void An_order_without_attachments_is_shown_as_its_details()
    {
        foreach (var details in new[] { Details(null), Details(new OrderResult(ResultStatus.Open, "https://r.example/1")) })
        {
            Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(details, KomboJson.Options), JsonNode.Parse(OrderApiBody.Of(details))));
        }
    }
}
