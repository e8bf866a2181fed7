namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Reference files in <c>../shared</c> beside the repository (Kombo's documents); read at test time, never copied.</summary>
public static class SharedFiles
{
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", "shared", relative));

    public static bool Exists(string relative) => File.Exists(Path(relative)) || Directory.Exists(Path(relative));

    public static string SkipReason(string relative) =>
        $"{Path(relative)} is absent; this test needs the shared Kombo reference files beside the repository.";
}
