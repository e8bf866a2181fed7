using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using OrleansKombo.Hosting;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Webhooks;

namespace OrleansKombo.Tests.Api;

/// <summary>
/// What the gateway takes from a connection, against a gateway of its own with small limits: an <c>/api</c> body over its
/// size is 413, a body that trickles past its deadline 408, headers that trickle past theirs end the connection, a webhook
/// that would go over the bytes the gateway holds is 503 before its body is read, and a full write queue is 503. Nothing
/// here needs a silo: each answer comes before a grain would be asked.
/// </summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private const int ApiBodyLimit = 64 * 1024;

    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureMigratedAsync();
        _gateway = await TestGateway.StartAsync($"limits-{Guid.NewGuid():N}", $"limits-{Guid.NewGuid():N}", new Dictionary<string, string>
        {
            ["Gateway:MaxApiBodyBytes"] = ApiBodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:RequestHeadersTimeout"] = "00:00:02",
            ["Gateway:RequestBodyTimeout"] = "00:00:02",
            ["Gateway:WebhookBodyBytes"] = "1048576",
        });
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task An_api_body_over_the_limit_is_413_whether_declared_or_chunked_and_one_at_the_limit_is_read()
    {
        var over = await _gateway.Api.PostAsync("/api/orders/x/result", new ByteArrayContent(new byte[ApiBodyLimit + 1]));
        var chunked = await _gateway.Api.PostAsync("/api/orders/x/result", new StreamContent(new MemoryStream(new byte[ApiBodyLimit * 2])));
        var at = await _gateway.Api.PostAsync("/api/orders/x/result",
            new StringContent(JsonSerializer.Serialize(new { status = "OPEN", result_url = "https://r.example/" + new string('a', ApiBodyLimit - 60) }),
                Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal($"The body is over {ApiBodyLimit} bytes.", await MessageAsync(over));
        Assert.Null(chunked.Content.Headers.ContentLength is { } ? null : "chunked");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, at.StatusCode);
    }

    [Fact]
    public async Task A_body_that_trickles_past_its_deadline_is_408_and_the_connection_closed()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _gateway.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/orders/x/result HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TestGateway.ApiKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"));

        var answer = await ReadAnswerWhileTricklingAsync(stream, "\"a\"");

        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("was not received within", answer);
    }

    [Fact]
    public async Task Headers_that_trickle_past_their_deadline_end_the_connection_while_the_gateway_stays_live()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _gateway.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: x\r\n"));

        var answer = await ReadAnswerWhileTricklingAsync(stream, "X-Slow: a\r\n");

        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Http.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>Sends <paramref name="drip"/> every 200 ms until the server answers or closes; what it answered (empty when it just closed).</summary>
    private static async Task<string> ReadAnswerWhileTricklingAsync(NetworkStream stream, string drip)
    {
        var buffer = new byte[4096];
        var read = stream.ReadAsync(buffer).AsTask();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!read.IsCompleted && DateTime.UtcNow < deadline)
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(drip));
            }
            catch (IOException)
            {
                break;
            }
            await Task.WhenAny(read, Task.Delay(200));
        }
        try
        {
            var count = await read.WaitAsync(TimeSpan.FromSeconds(10));
            return Encoding.ASCII.GetString(buffer, 0, count);
        }
        catch (IOException)
        {
            return "";
        }
    }

    [Fact]
    public async Task A_webhook_that_would_go_over_the_bytes_held_is_503_before_its_body_is_read()
    {
        // One delivery declares a whole MiB and sends only part of it: it holds the gateway's whole budget while it trickles.
        using var slow = new TcpClient();
        await slow.ConnectAsync("127.0.0.1", _gateway.BaseAddress.Port);
        await slow.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /webhooks/kombo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {1024 * 1024}\r\n\r\n{{\"id\":"));

        // Until the gateway has read the slow one's headers, a webhook still gets in (answered 200 once recorded; with no
        // silo here its grain never gets it, so the test does not wait for that): only the budget's own 503 counts.
        await Poll.UntilAsync(async () =>
            {
                var answer = await _gateway.Webhooks.SendWithoutWaitingAsync(KomboEvents.DataChanged(KomboEvents.NewIntegrationId()));
                return answer.StatusCode == HttpStatusCode.ServiceUnavailable && (await MessageAsync(answer)).Contains("bytes of webhooks already");
            }, "a webhook is refused for the bytes held while the slow one holds the budget");

        slow.Close();
        // Let through again: an unsigned one gets as far as the signature check.
        await Poll.UntilAsync(async () => (await _gateway.Http.PostAsJsonAsync("/webhooks/kombo", new { id = "x", type = "data-changed" })).StatusCode
            == HttpStatusCode.Unauthorized, "webhooks are read again once the slow one is gone");
    }

    [Fact]
    public async Task A_full_write_queue_answers_503_at_once_and_what_it_held_is_recorded_once_the_database_answers()
    {
        // A gateway of its own whose PostgreSQL hangs (connections open, nothing flows): its two flushers each hold a batch
        // being written, its queue holds one more webhook, and the next is refused instead of waiting in memory.
        var target = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            Port = proxy.Port, Timeout = 120, CommandTimeout = 120,
        }.ConnectionString;
        await using var gateway = await TestGateway.StartAsync($"limits-{Guid.NewGuid():N}", $"limits-{Guid.NewGuid():N}",
            new Dictionary<string, string> { ["Gateway:WebhookQueueItems"] = "1" }, throughProxy);
        proxy.Pause();

        // One at a time, so each finds the queue as the ones before left it, until one is answered while PostgreSQL hangs:
        // the ones before it are held (being written or queued), and that one was refused.
        var sent = new List<(string Id, Task<HttpResponseMessage> Answer)>();
        for (var i = 0; i < 20 && !sent.Any(s => s.Answer.IsCompleted); i++)
        {
            var id = KomboEvents.NewId();
            var answer = gateway.Webhooks.SendAsync(KomboEvents.Envelope("remote-event-received", new { anything = true }, id));
            sent.Add((id, answer));
            await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(1)));
        }
        var answeredWhileHanging = sent.Where(s => s.Answer.IsCompleted).Select(s => s.Id).ToList();
        proxy.Resume();

        var refused = new List<string>();
        foreach (var (id, answer) in sent)
        {
            var response = await answer;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("IGNORED", await InboxRows.StatusAsync(id));
                continue;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("The gateway is busy recording events; retry later.", await MessageAsync(response));
            Assert.Equal(0, await InboxRows.CountAsync(id));
            refused.Add(id);
        }
        Assert.NotEmpty(answeredWhileHanging);
        Assert.Subset(refused.ToHashSet(), answeredWhileHanging.ToHashSet()); // nothing was written while PostgreSQL hung
        Assert.InRange(refused.Count, 1, sent.Count - 1);
        // Kombo's retry of a refused one is taken.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Webhooks.SendAsync(
            KomboEvents.Envelope("remote-event-received", new { anything = true }, refused[0]))).StatusCode);
        Assert.Equal("IGNORED", await InboxRows.StatusAsync(refused[0]));
    }

    [Fact]
    public async Task A_gateway_with_a_limit_out_of_range_does_not_start_and_names_the_setting()
    {
        var failure = await Assert.ThrowsAsync<StartupFailure>(() => TestGateway.StartAsync("x", "y", new Dictionary<string, string>
        {
            ["Gateway:RequestHeadersTimeout"] = "00:00:00",
        }));

        Assert.StartsWith("Gateway:RequestHeadersTimeout must be", failure.Message);
    }
}
