using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// What the internal API shows of an order (the <c>body</c> of <c>order_view</c>): the order grain's public details, except
/// that a result's attachment sent as <c>data</c> shows its decoded size as <c>data_bytes</c> instead of its contents. The
/// contents stay in the grain's state for the write-back; neither the order lists nor the detail carry files, so a page of
/// orders is never megabytes, and the vendor, who sent the file, can always send it again.
/// </summary>
public static class OrderApiBody
{
    public static string Of(OrderDetails details)
    {
        var body = JsonSerializer.SerializeToNode(details, KomboJson.Options)!.AsObject();
        if (body["result"] is JsonObject { } result && result["attachments"] is JsonArray attachments)
        {
            foreach (var attachment in attachments.OfType<JsonObject>())
            {
                if (attachment["data"] is JsonValue value && value.TryGetValue<string>(out var data))
                {
                    attachment.Remove("data");
                    attachment["data_bytes"] = Base64.IsValid(data, out var bytes) ? bytes : null;
                }
            }
        }
        return body.ToJsonString(KomboJson.Options);
    }
}
