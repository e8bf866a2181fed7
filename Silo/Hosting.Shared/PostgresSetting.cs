using Microsoft.Extensions.Configuration;
using Npgsql;

namespace OrleansKombo.Hosting;

/// <summary>
/// The one PostgreSQL connection string both hosts need, read here for both, so the silo and the gateway fail the
/// same way, naming the same setting.
/// </summary>
public static class PostgresSetting
{
    public const string Name = "Postgres";
    public const string Key = "ConnectionStrings:" + Name;

    public static string Read(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(Name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupFailure($"{Key} is not set (env ConnectionStrings__Postgres); give it an Npgsql connection string.");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new StartupFailure($"{Key} is not a valid Npgsql connection string: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            throw new StartupFailure($"{Key} has no Host.");
        }
        return value;
    }

    /// <summary>Opens one connection so an unreachable or misconfigured database is reported at start.</summary>
    public static async Task ProbeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw Unreachable(dataSource, e);
        }
    }

    public static StartupFailure Unreachable(NpgsqlDataSource dataSource, Exception e)
    {
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var reason = (e.InnerException ?? e).Message.ReplaceLineEndings(" ");
        return new StartupFailure(
            $"{Key}: cannot use PostgreSQL at {target.Host}:{target.Port}, database '{target.Database}' as '{target.Username}': {reason}", e);
    }
}
