namespace OrleansKombo.UnitTests.Infrastructure;

/// <summary>Reference files in <c>../shared</c> beside the repository (Kombo's documents); read at test time, never copied.</summary>
public static class SharedFiles
{
    public const string OpenApi = "kombo/openapi.json";

    public const string ResultExample = "kombo/examples/assessment-order-result-put-body.json";

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", "shared", relative));

    public static bool Exists(string relative) => File.Exists(Path(relative)) || Directory.Exists(Path(relative));

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Why a test that needs <paramref name="relative"/> is skipped, or null when it is there.</summary>
    public static string? SkipUnlessPresent(string relative) => Exists(relative) ? null : SkipReason(relative);

    public static string SkipReason(string relative) =>
        $"{Path(relative)} is absent; this test needs the shared Kombo reference files beside the repository.";
}
