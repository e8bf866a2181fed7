using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>One webhook as Kombo's openapi.json documents it: its type, its payload schema and its printed examples.</summary>
public sealed record KomboWebhook(string Type, JsonObject Schema, IReadOnlyList<JsonObject> Examples)
{
    /// <summary>The schema of the envelope's <c>data</c>.</summary>
    public JsonObject DataSchema => KomboDocuments.Resolve(KomboDocuments.Resolve(Schema)["properties"]!["data"]!);

    public override string ToString() => Type;
}
