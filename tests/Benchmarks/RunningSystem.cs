namespace OrleansKombo.Benchmarks;

/// <summary>
/// The repository's root, and the PostgreSQL server benchmarks create their own databases on (--postgres, else
/// ConnectionStrings__Postgres, else the server ./run.sh starts; only its server is used, never its database).
/// </summary>
public static class RunningSystem
{
    public static string Root { get; } = FindRoot();

    public static string Postgres(BenchmarkArguments args) => args.Optional("postgres")
        ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55432;Database=orleanskombo;Username=orleanskombo;Password=orleanskombo";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansKombo.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
