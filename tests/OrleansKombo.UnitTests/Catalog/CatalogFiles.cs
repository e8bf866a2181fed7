using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Catalog;

/// <summary>
/// Files the catalog tests read: the repository's migrations, and Kombo's openapi.json in <c>../shared</c> beside the
/// repository (read at test time, never copied).
/// </summary>
public static class CatalogFiles
{
    public const string OpenApi = "kombo/openapi.json";

    public static string RepoRoot { get; } = FindRoot();

    public static string MigrationsFolder => Path.Combine(RepoRoot, "Silo", "Migrations", "Scripts");

    public static string SharedPath(string relative) => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", relative));

    private static readonly Lazy<JsonObject> OpenApiDocument = new(() => JsonNode.Parse(File.ReadAllText(SharedPath(OpenApi)))!.AsObject());

    public static JsonObject KomboOpenApi => OpenApiDocument.Value;

    /// <summary>Follows <c>$ref</c>s into <c>components.schemas</c> until it reaches a schema of its own.</summary>
    public static JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        for (var hops = 0; current["$ref"] is JsonValue reference; hops++)
        {
            if (hops > 32)
            {
                throw new InvalidOperationException($"$ref cycle at {reference}");
            }
            current = KomboOpenApi["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!.AsObject();
        }
        return current;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansKombo.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OrleansKombo.sln not found above " + AppContext.BaseDirectory);
    }
}
