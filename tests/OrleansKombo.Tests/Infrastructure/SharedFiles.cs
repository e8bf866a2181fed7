namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Reference files in <c>../shared</c> beside the repository (Kombo's documents); read, never copied into the project.</summary>
public static class SharedFiles
{
    public const string OpenApi = "kombo/openapi.json";

    public const string ResultExample = "kombo/examples/assessment-order-result-put-body.json";

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", "shared", relative));

    public static bool Exists(string relative) => File.Exists(Path(relative));

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Why a test that needs <paramref name="relative"/> is skipped, or null when the file is there.</summary>
    public static string? SkipUnlessPresent(string relative) => Exists(relative)
        ? null
        : $"{Path(relative)} is absent; this test needs the shared Kombo reference files beside the repository.";
}
