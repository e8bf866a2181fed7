using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// Sync:MaxConcurrentPulls bounds the pulls one silo runs at once: with one silo and one slot, integrations that all
/// ask for their first pull at the same moment are pulled one after another (their pulls' history rows never overlap
/// in time), and every one of them is still pulled to the end.
/// </summary>
public sealed class PullSlotsTests(PullSlotsTests.Fixture fixture) : IClassFixture<PullSlotsTests.Fixture>
{
    public sealed class Fixture : KomboCluster
    {
        protected override short Silos => 1;

        protected override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
        {
            ["Sync:MaxConcurrentPulls"] = "1",
            // Small pages: each pull spans many Kombo calls and commits, so unbounded pulls would overlap.
            ["Sync:PageSize"] = "5",
        };
    }

    private static readonly GeneratorScale Scale = new() { Jobs = 6, Candidates = 25, Applications = 30, Users = 4, Tags = 3 };

    [Fact]
    public async Task With_one_slot_integrations_asking_at_once_are_pulled_one_after_another_and_all_to_the_end()
    {
        var since = DateTimeOffset.UtcNow;
        // Ready at once: each integration-created webhook starts a first pull, all within a moment.
        var integrations = Enumerable.Range(0, 3)
            .Select(i => fixture.Sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = Scale, Seed = Random.Shared.Next() }))
            .ToList();

        foreach (var integration in integrations)
        {
            await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since, TimeSpan.FromMinutes(3));
            await SyncedData.AssertMatchesSandboxAsync(integration);
        }

        var pulls = await PullsAsync(integrations.Select(i => i.Id).ToArray());
        Assert.True(pulls.Select(p => p.Integration).Distinct().Count() == integrations.Count, $"every integration has a pull: {Describe(pulls)}");
        for (var i = 1; i < pulls.Count; i++)
        {
            Assert.True(pulls[i].Started >= pulls[i - 1].Ended,
                $"with one slot, a pull starts only after the one before it ended: {Describe(pulls)}");
        }
    }

    private static string Describe(IEnumerable<(string Integration, DateTimeOffset Started, DateTimeOffset Ended)> pulls) =>
        string.Join("; ", pulls.Select(p => $"{p.Integration} {p.Started:HH:mm:ss.fff}-{p.Ended:HH:mm:ss.fff}"));

    /// <summary>The integrations' finished pulls (any setback row aside), in the order they started.</summary>
    private static async Task<List<(string Integration, DateTimeOffset Started, DateTimeOffset Ended)>> PullsAsync(string[] ids)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            SELECT integration_id, started_at, ended_at FROM integration_pulls
             WHERE integration_id = ANY(@ids) AND status = 'SUCCEEDED' ORDER BY started_at
            """);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        var pulls = new List<(string, DateTimeOffset, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            pulls.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return pulls;
    }
}
