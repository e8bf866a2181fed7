namespace OrleansKombo.UnitTests.Infrastructure;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as; the hosts were built the same way.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string HostOutput(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0");

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
