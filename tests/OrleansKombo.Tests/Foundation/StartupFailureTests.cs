using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

/// <summary>Bad settings end both hosts at once with one line that names the setting: no stack trace, no hang.</summary>
public sealed class StartupFailureTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (project, dll) in new[] { ("Silo", "OrleansKombo.Silo.dll"), ("Gateway", "OrleansKombo.Gateway.dll") })
        {
            data.Add(project, dll, "");
            data.Add(project, dll, "Host=127.0.0.1;Port=not-a-port");
            data.Add(project, dll, "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=3");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_missing_malformed_or_unreachable_postgres_exits_non_zero_naming_the_setting(string project, string dll, string connectionString)
    {
        var outcome = await HostProcess.RunToExitAsync(project, dll, new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Gateway__ApiKeys__0"] = TestGateway.ApiKey,
            ["Kombo__WebhookSecret"] = TestGateway.WebhookSecret,
            ["Kombo__ApiKey"] = "any-key",
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        var lines = outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ConnectionStrings:Postgres", line);
        Assert.DoesNotContain("   at ", outcome.StandardOutput + outcome.StandardError);
    }

    [Fact]
    public async Task A_silo_with_a_malformed_advertised_ip_exits_naming_the_setting()
    {
        var outcome = await HostProcess.RunToExitAsync("Silo", "OrleansKombo.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Kombo__ApiKey"] = "any-key",
            ["Orleans__AdvertisedIP"] = "not-an-ip",
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: Orleans:AdvertisedIP", outcome.StandardError.Trim());
    }

    [Fact]
    public async Task A_silo_whose_metrics_port_is_taken_exits_naming_the_setting()
    {
        // What a second silo on the host with the default port meets.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var outcome = await HostProcess.RunToExitAsync("Silo", "OrleansKombo.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Kombo__ApiKey"] = "any-key",
            ["Orleans__MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith($"error: Orleans:MetricsPort {port}", outcome.StandardError.Trim());
    }

    [Fact]
    public async Task A_silo_with_a_malformed_inline_email_switch_exits_naming_the_setting()
    {
        var outcome = await HostProcess.RunToExitAsync("Silo", "OrleansKombo.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Kombo__ApiKey"] = "any-key",
            ["Orders__EmailInlineCandidates"] = "sometimes",
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: Orders", outcome.StandardError.Trim());
        Assert.Contains("Orders:EmailInlineCandidates", outcome.StandardError);
    }

    [Fact]
    public async Task A_gateway_without_api_keys_exits_naming_the_setting()
    {
        var outcome = await HostProcess.RunToExitAsync("Gateway", "OrleansKombo.Gateway.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: Gateway:ApiKeys", outcome.StandardError.Trim());
    }

    [Fact]
    public async Task A_gateway_in_production_without_a_webhook_secret_exits_naming_the_setting()
    {
        var outcome = await HostProcess.RunToExitAsync("Gateway", "OrleansKombo.Gateway.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Gateway__ApiKeys__0"] = TestGateway.ApiKey,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: Kombo:WebhookSecret", outcome.StandardError.Trim());
    }
}
