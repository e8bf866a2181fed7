namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>Reference files in <c>../shared</c> beside the repository; never copied into the project.</summary>
public static class SharedFiles
{
    public static string Root { get; } = FindRepositoryRoot();

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, "..", "shared", relative));

    public static bool Exists(string relative) => File.Exists(Path(relative));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OrleansKombo.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OrleansKombo.sln not found above " + AppContext.BaseDirectory);
    }
}
