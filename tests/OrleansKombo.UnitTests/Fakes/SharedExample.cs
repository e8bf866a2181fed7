using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Fakes;

/// <summary>Kombo's own documents in <c>../shared</c> beside the repository: read at test time, never copied.</summary>
public static class SharedExample
{
    private static readonly string Root = FindRoot();

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, "..", "shared", relative));

    /// <summary>The document as JSON, or null when it is absent (the test is then skipped by <see cref="SharedExampleFactAttribute"/>).</summary>
    public static JsonNode? Read(string relative) => File.Exists(Path(relative)) ? JsonNode.Parse(File.ReadAllText(Path(relative))) : null;

    public static string? SkipUnlessPresent(string relative) => File.Exists(Path(relative))
        ? null
        : $"{Path(relative)} is absent; this test needs the shared Kombo reference files beside the repository.";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "OrleansKombo.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No OrleansKombo.sln above {AppContext.BaseDirectory}.");
    }
}
