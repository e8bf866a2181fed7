using System.Text.Json.Nodes;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Catalog;

/// <summary>What the catalog tests read besides the catalog: the repository's migrations and Kombo's list endpoints.</summary>
public static class CatalogFiles
{
    public static string MigrationsFolder => Path.Combine(RepoPaths.Root, "Silo", "Migrations", "Scripts");

    private static readonly Lazy<JsonObject> KomboPaths = new(() =>
        JsonNode.Parse(SharedFiles.Read(SharedFiles.OpenApi))!["paths"]!.AsObject());

    /// <summary>openapi.json's <c>GET /ats/{path}</c>, or null when Kombo has no such endpoint.</summary>
    public static JsonNode? KomboList(string path) => KomboPaths.Value[$"/ats/{path}"]?["get"];
}
