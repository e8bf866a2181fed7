using System.Net;
using System.Text.Json;
using Npgsql;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

/// <summary>
/// Nothing revealing (issue 14): the anonymous readiness answer names no host, port, silo or exception, and an error
/// nothing handled answers a plain 500 in Kombo's envelope, without a stack or the exception's text, in Production
/// (and in Development alike: no developer exception page).
/// </summary>
public sealed class NothingRevealingTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Readiness_and_a_forced_error_say_what_failed_but_not_where_or_why(string environment)
    {
        await TestDatabase.EnsureMigratedAsync();
        var target = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString;
        // No silo in this cluster: the cluster check fails with Orleans' own exception, which names the gateway list.
        await using var gateway = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}",
            new Dictionary<string, string> { ["environment"] = environment }, connectionString: throughProxy);
        string[] revealing = ["127.0.0.1", proxy.Port.ToString(), target.Port.ToString(), "Exception", "   at ", "Npgsql", "orleans"];

        var noSilo = await gateway.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noSilo.StatusCode);
        Assert.Equal(Report("Unhealthy", ("postgres", "Healthy", "PostgreSQL answers"), ("cluster", "Unhealthy", "the cluster does not answer")),
            Normalised(await noSilo.Content.ReadAsStringAsync()));

        proxy.Cut();
        string body = "";
        await Poll.UntilAsync(async () => (body = await (await gateway.Http.GetAsync("/health/ready")).Content.ReadAsStringAsync())
            .Contains("PostgreSQL does not answer"), "readiness sees PostgreSQL gone");
        Assert.Equal(Report("Unhealthy", ("postgres", "Unhealthy", "PostgreSQL does not answer"), ("cluster", "Unhealthy", "the cluster does not answer")),
            Normalised(body));

        // A read with PostgreSQL gone: an exception no endpoint handles.
        var failed = await gateway.Api.GetAsync("/api/integrations");
        var text = await failed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/json", failed.Content.Headers.ContentType?.MediaType);
        // Exactly Kombo's envelope with our sentence and a trace id: no room for a stack, a host or the exception's text.
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["status", "error"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal(["message"], error.GetProperty("error").EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^The gateway failed to answer this request; its log has the error under trace id [0-9A-Za-z:.-]+\.$",
            error.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain("   at ", text);
        Assert.All(revealing, r => Assert.DoesNotContain(r, body, StringComparison.OrdinalIgnoreCase));
    }

    private static string Report(string status, params (string Name, string Status, string Description)[] checks) =>
        JsonSerializer.Serialize(new
        {
            status,
            checks = checks.ToDictionary(c => c.Name, c => new { status = c.Status, description = c.Description }),
        });

    private static string Normalised(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
