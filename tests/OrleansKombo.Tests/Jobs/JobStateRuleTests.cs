using System.Text.Json;
using CsCheck;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Jobs;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Jobs;

/// <summary>
/// The one job-state rule (migration 0600: job_status, job_state, job_active) pinned on raw statuses an ATS may pass
/// through Kombo, and the three places that ask it (the job grain, the jobs API, the order check) agreeing on each.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class JobStateRuleTests(KomboCluster fixture)
{
    private static readonly DateTimeOffset DeletedAt = new(2026, 2, 20, 7, 15, 0, TimeSpan.Zero);

    /// <summary>Raw status → state: trimmed (ASCII whitespace), ASCII case ignored, anything else CLOSED.</summary>
    public static TheoryData<string?, string> RawStatuses => new()
    {
        { "OPEN", "OPEN" },
        { "Open", "OPEN" },
        { " open ", "OPEN" },
        { "\topen\r\n", "OPEN" },
        { "closed", "CLOSED" },
        { "Draft", "DRAFT" },
        { " ARCHIVED", "ARCHIVED" },
        { "1", "CLOSED" },          // Enum.TryParse would have read 1 as Closed and 0 as Open
        { "0", "CLOSED" },
        { "On hold", "CLOSED" },
        { null, "CLOSED" },
        { "", "CLOSED" },
        { "DELETED", "CLOSED" },    // ours, never Kombo's: only remote_deleted_at deletes
        { "PENDING_APPROVAL", "CLOSED" },
        { "OPENED", "CLOSED" },
        { "O P E N", "CLOSED" },
        { "ＯＰＥＮ", "CLOSED" },    // fullwidth letters are not ASCII
        { "open\u00a0", "CLOSED" }, // nor is a no-break space ASCII whitespace
        { "ARCH\u0131VED", "CLOSED" }, // dotless i: no ASCII I, whatever a locale's upper() makes of it
    };

    [Theory]
    [MemberData(nameof(RawStatuses))]
    public async Task A_raw_status_gives_this_state_and_a_deletion_always_wins(string? raw, string state)
    {
        await TestDatabase.EnsureMigratedAsync();

        Assert.Equal(state, await StateAsync(raw, null));
        Assert.Equal(state == "OPEN", await TestDatabase.ScalarAsync<bool>("SELECT job_active(job_state(@s, NULL))", ("s", Raw(raw))));
        Assert.Equal("DELETED", await StateAsync(raw, DeletedAt));
        Assert.False(await TestDatabase.ScalarAsync<bool>("SELECT job_active('DELETED')"));
    }

    [Fact]
    public async Task Any_string_gives_one_of_our_states_exactly_as_the_rule_says()
    {
        await TestDatabase.EnsureMigratedAsync();
        var raw = Gen.String[Gen.Char["openOPENclosedCLOSEDdraftDRAFTarchivedARCHIVED \t\r\n\u000b\f\u00a0ı1-_"], 0, 12];

        await raw.Array[200].SampleAsync(async statuses =>
        {
            await using var command = TestDatabase.DataSource.CreateCommand("SELECT s, job_state(s, NULL) FROM unnest(@statuses) AS s");
            command.Parameters.AddWithValue("statuses", statuses);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.Equal(Expected(reader.GetString(0)), reader.GetString(1));
            }
        }, iter: 10);
    }

    [Fact]
    public async Task The_job_grain_the_jobs_api_and_the_order_check_agree_on_every_raw_status()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var cases = RawStatuses.Select((row, i) => (Id: $"job-{i}", Raw: (string?)row[0], State: (string)row[1]!)).ToList();
        foreach (var (id, raw, _) in cases)
        {
            await SyncedRows.JobAsync(integration, id, raw);
        }
        var orders = new OrderJobs(TestDatabase.DataSource);

        // Before the job grains run, the API and the order check derive the state from the record.
        await AssertAgreeAsync(integration, cases, orders);

        foreach (var (id, raw, state) in cases)
        {
            var grain = fixture.Grains.GetGrain<IJobGrain>(JobKey.Of(integration, id));
            await grain.Observe(new JobObservation(raw, null, DateTimeOffset.UtcNow));
            var lifecycle = (await grain.GetLifecycle())!;
            Assert.Equal((state, state == "OPEN"), (KomboJson.Name(lifecycle.State), lifecycle.Active));
        }
        // After, they read what the grains decided.
        Assert.Equal(cases.Count, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM job_lifecycles WHERE integration_id = @i", ("i", integration)));
        await AssertAgreeAsync(integration, cases, orders);
    }

    private async Task AssertAgreeAsync(string integration, List<(string Id, string? Raw, string State)> cases, OrderJobs orders)
    {
        var jobs = (await fixture.Gateway.Api.GetAllPagesAsync($"/api/integrations/{integration}/jobs?page_size=7"))
            .ToDictionary(j => j.GetProperty("id").GetString()!, j => j.GetProperty("lifecycle"));
        foreach (var (id, raw, state) in cases)
        {
            var lifecycle = jobs[id];
            Assert.True(state == lifecycle.GetProperty("state").GetString(), $"'{raw}': the API says {lifecycle.GetProperty("state")}, not {state}");
            Assert.Equal(state == "OPEN", lifecycle.GetProperty("active").GetBoolean());
            Assert.Equal(state == "OPEN" ? null : state, await orders.InactiveStateAsync(integration, "remote-" + id));
        }
        // The status filter is about Kombo's field as sent, not the lifecycle: only an exact OPEN matches it.
        var open = await fixture.Gateway.Api.GetAllPagesAsync($"/api/integrations/{integration}/jobs?status=OPEN&page_size=50");
        Assert.Equal(cases.Where(c => c.Raw == "OPEN").Select(c => c.Id), open.Ids());
        var active = await fixture.Gateway.Api.GetAllPagesAsync($"/api/integrations/{integration}/jobs?active=true&page_size=50");
        Assert.Equal(cases.Where(c => c.State == "OPEN").Select(c => c.Id).Order(StringComparer.Ordinal), active.Ids());
    }

    private static async Task<string?> StateAsync(string? raw, DateTimeOffset? deletedAt)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("SELECT job_state(@s, @d)");
        command.Parameters.AddWithValue("s", NpgsqlTypes.NpgsqlDbType.Text, Raw(raw));
        command.Parameters.AddWithValue("d", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)deletedAt ?? DBNull.Value);
        return (string?)await command.ExecuteScalarAsync();
    }

    private static object Raw(string? raw) => (object?)raw ?? DBNull.Value;

    /// <summary>The rule as README and migration 0600 state it, written out independently of the SQL.</summary>
    private static string Expected(string raw)
    {
        var word = new string(raw.Trim(' ', '\t', '\n', '\r', '\f', '\v').Select(c => c is >= 'a' and <= 'z' ? (char)(c - 32) : c).ToArray());
        return JobStates.KomboStatuses.Contains(word) ? word : "CLOSED";
    }
}
