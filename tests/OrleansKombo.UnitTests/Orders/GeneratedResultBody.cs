using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>A result body generated from Kombo's schema, and the instant its <c>completed_at</c> names (in whatever form it was written).</summary>
public sealed record GeneratedResultBody(JsonObject Json, DateTimeOffset? CompletedAt)
{
    public override string ToString() => Json.ToJsonString();
}
