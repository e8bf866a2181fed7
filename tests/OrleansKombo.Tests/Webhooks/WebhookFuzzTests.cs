using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CsCheck;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Webhooks;
using Xunit.Abstractions;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Issue 14, requirement 9: thousands of generated and mutated webhook bodies through the real gateway and silos, signed
/// as Kombo signs. With the database up, none is answered 5xx; every inbox row they make ends in a final status (none
/// RECEIVED or FAILED, none DEAD) within a deadline; and the phone digits they carry are nowhere in the database (pg_dump)
/// or the logs. <c>WEBHOOK_FUZZ_BODIES</c> sets how many (default 2,000); the figures are printed.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WebhookFuzzTests(KomboCluster fixture, ITestOutputHelper output)
{
    private const string CountVariable = "WEBHOOK_FUZZ_BODIES";

    private static int Bodies => int.TryParse(Environment.GetEnvironmentVariable(CountVariable), CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : 2000;

    [SharedFileFact(KomboDocuments.OpenApiFile)]
    public async Task Generated_and_mutated_webhooks_get_no_5xx_leave_no_stuck_row_and_store_no_phone_number()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var digits = "49152" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var bodies = new FuzzedWebhooks(run, digits);
        var answers = new ConcurrentDictionary<int, int>();
        var kinds = new ConcurrentDictionary<string, int>();
        var since = await TestDatabase.ScalarAsync<DateTime>("SELECT now()");
        var clock = Stopwatch.StartNew();

        await bodies.All.SampleAsync(async body =>
        {
            var response = await fixture.Gateway.Webhooks.SendBytesAsync(body.Bytes,
                KomboWebhookSender.Sign(TestGateway.WebhookSecret, body.Bytes));
            var status = (int)response.StatusCode;
            answers.AddOrUpdate(status, 1, (_, n) => n + 1);
            kinds.AddOrUpdate(body.Kind.StartsWith("example", StringComparison.Ordinal) ? "mutated example" : body.Kind, 1, (_, n) => n + 1);
            Assert.True(status < 500, $"{status} {await response.Content.ReadAsStringAsync()}");
        }, iter: Bodies, threads: 4);
        var sent = clock.Elapsed;

        var rows = new Dictionary<string, long>();
        await Poll.UntilAsync(async () =>
        {
            rows = await InboxStatusesAsync(since);
            return !rows.ContainsKey("RECEIVED") && !rows.ContainsKey("FAILED");
        }, "every inbox row of the run ends in a final status", TimeSpan.FromSeconds(90));
        var (leaks, dumped) = await DatabaseDump.FindAsync(digits);

        Report($"webhook fuzz: {Bodies:N0} bodies in {sent.TotalSeconds:0.0} s ({Bodies / sent.TotalSeconds:0} per second); a failure prints CsCheck's seed, and CsCheck_Seed=<seed> replays it");
        Report($"  bodies by kind: {Join(kinds)}");
        Report($"  answers by status: {Join(answers.ToDictionary(a => a.Key.ToString(CultureInfo.InvariantCulture), a => a.Value))}");
        Report($"  inbox rows by status: {Join(rows)}");
        Report($"  pg_dump searched: {dumped:N0} bytes, {leaks.Count} lines with the phone digits");
        Assert.DoesNotContain("DEAD", rows.Keys);
        Assert.True(leaks.Count == 0, $"the phone digits are stored:\n{string.Join('\n', leaks)}");
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains(digits, StringComparison.Ordinal));
    }

    private async Task<Dictionary<string, long>> InboxStatusesAsync(DateTime since)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            SELECT status, count(*) FROM webhook_inbox WHERE service_id = @service AND received_at >= @since GROUP BY status
            """);
        command.Parameters.AddWithValue("service", fixture.Cluster.ServiceId);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }
        return rows;
    }

    private static string Join<T>(IEnumerable<KeyValuePair<string, T>> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    /// <summary>In the test's output and on the console, so ./test.sh's log shows the figures of a passing run too.</summary>
    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
