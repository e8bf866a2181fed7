using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansKombo.Gateway.OperatorConsole;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.OperatorConsole;

/// <summary>
/// Issue 15: console sign-in survives scale-out and restarts. The cookies' Data Protection keys live in PostgreSQL
/// (data_protection_keys, one key ring per Orleans service), so a session and an antiforgery token issued by one gateway
/// are accepted by another gateway of the same service and by a restarted one, and by no gateway of another service.
/// The pages and the sign-out read PostgreSQL only, so these gateways need no silo.
/// </summary>
public sealed class ConsoleKeyRingTests
{
    [Fact]
    public async Task A_session_and_its_antiforgery_token_from_one_gateway_are_accepted_by_another_and_after_a_restart()
    {
        await TestDatabase.EnsureMigratedAsync();
        var service = $"svc-{Guid.NewGuid():N}";
        await using var second = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", service);
        ConsoleSession session;
        await using (var first = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", service))
        {
            session = await ConsoleSession.SignedInAsync(first.BaseAddress);
            Assert.Contains("<h1>Integrations</h1>", await session.PageAsync("/console"));
        }
        using var _ = session;

        // The first gateway is gone; its cookies, sent to the second (same host, another port), still sign in.
        using var onSecond = new ConsoleSession(second.BaseAddress, session.Handler.CookieContainer);
        Assert.Contains("<h1>Integrations</h1>", await onSecond.PageAsync("/console"));
        var stored = await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys WHERE service_id = @s", ("s", service));
        Assert.True(stored >= 1, "the key ring is in PostgreSQL");

        // A restarted gateway (a new process's state: new key ring cache) accepts the session and a token the second
        // gateway's page carried; a post without the token is still refused.
        var token = ConsoleSession.TokenOf(await onSecond.PageAsync("/console"));
        await using var restarted = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", service);
        using var onRestarted = new ConsoleSession(restarted.BaseAddress, session.Handler.CookieContainer);
        Assert.Contains("<h1>Integrations</h1>", await onRestarted.PageAsync("/console"));
        var forged = await onRestarted.Http.PostAsync("/console/sign-in?handler=SignOut", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var signedOut = await onRestarted.Http.PostAsync("/console/sign-in?handler=SignOut",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onRestarted.Http.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task A_gateway_of_another_service_does_not_accept_the_session()
    {
        await TestDatabase.EnsureMigratedAsync();
        await using var ours = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        await using var theirs = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        using var session = await ConsoleSession.SignedInAsync(ours.BaseAddress);
        Assert.Contains("<h1>Integrations</h1>", await session.PageAsync("/console"));

        using var elsewhere = new ConsoleSession(theirs.BaseAddress, session.Handler.CookieContainer);
        var away = await elsewhere.Http.GetAsync("/console");

        Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
        Assert.Contains("/console/sign-in", away.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_key_ring_is_the_services_own_and_a_damaged_row_costs_only_itself()
    {
        await TestDatabase.EnsureMigratedAsync();
        var (ours, theirs) = ($"svc-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        var repository = new PostgresKeyRepository(TestDatabase.DataSource, ours, NullLogger<PostgresKeyRepository>.Instance);
        repository.StoreElement(new XElement("key", new XAttribute("id", "a")), "key-a");
        repository.StoreElement(new XElement("key", new XAttribute("id", "a-again")), "key-a");
        new PostgresKeyRepository(TestDatabase.DataSource, theirs, NullLogger<PostgresKeyRepository>.Instance)
            .StoreElement(new XElement("key", new XAttribute("id", "theirs")), "key-theirs");
        await TestDatabase.ScalarAsync<int>("INSERT INTO data_protection_keys (service_id, friendly_name, xml) VALUES (@s, 'key-bad', '<key id=')",
            ("s", ours));
        repository.StoreElement(new XElement("key", new XAttribute("id", "b")), "key-b");

        var ids = repository.GetAllElements().Select(e => (string?)e.Attribute("id")).ToList();

        Assert.Equal(["a", "b"], ids);
    }
}
