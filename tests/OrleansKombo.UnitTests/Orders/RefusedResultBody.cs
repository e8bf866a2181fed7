using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>
/// A generated body with one change Kombo's schema refuses. <see cref="MustBeRefused"/> is false for a null where a value
/// belongs, which we may take and leave out of what we write.
/// </summary>
public sealed record RefusedResultBody(JsonObject Json, string Mutation, bool MustBeRefused)
{
    public override string ToString() => $"{Mutation}: {Json.ToJsonString()}";
}
