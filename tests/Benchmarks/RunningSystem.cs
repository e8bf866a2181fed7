namespace OrleansKombo.Benchmarks;

/// <summary>Where the system started by ./run.sh listens, and the secrets it generated in .data/.</summary>
public static class RunningSystem
{
    public static string Root { get; } = FindRoot();

    public static string GatewayUrl(BenchmarkArguments args) => args.String("url", "http://127.0.0.1:5080");

    public static string Postgres(BenchmarkArguments args) => args.Optional("postgres")
        ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55432;Database=orleanskombo;Username=orleanskombo;Password=orleanskombo";

    public static string WebhookSecret(BenchmarkArguments args) => args.Optional("secret")
        ?? Environment.GetEnvironmentVariable("Kombo__WebhookSecret")
        ?? File.ReadAllText(Path.Combine(Root, ".data", "dev-webhook-secret")).Trim();

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
