using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// Pins the answers of the gateway (internal API and webhook answers) across refactors: a fixed scenario against the
/// real gateway, silos and Kombo sandbox (fixed seed, small scale) is recorded and compared with the golden files
/// committed beside this class (<c>Golden/NN-section.json</c>). What legitimately differs between runs is replaced by
/// placeholders first (<see cref="GoldenNormaliser"/>): generated ids, the run's timestamps, change feed seqs, cursor
/// keys, link tokens, durations. Object keys are compared in any order, array order is kept.
///
/// When the test fails, the run's own answers are left in <c>bin/&lt;configuration&gt;/net10.0/golden-actual/</c> for a
/// diff. A change of an answer that is intended is recorded again with
/// <c>GOLDEN_RECORD=1 dotnet test tests/OrleansKombo.Tests --filter FullyQualifiedName~ApiGoldenTests</c> (the files
/// are rewritten in the source tree), and the diff of the golden files goes into the same commit, where a reviewer
/// sees exactly which answers changed.
/// </summary>
public sealed class ApiGoldenTests(ApiGoldenTests.Fixture fixture) : IClassFixture<ApiGoldenTests.Fixture>
{
    /// <summary>
    /// A system of its own, so that nothing else uses its sandbox while the scenario delivers the webhooks itself.
    /// No overlap: each delta reads exactly what changed since the previous pull started, however long a run takes.
    /// Pages of 5, so every model is read in several pages.
    /// </summary>
    public sealed class Fixture : KomboCluster
    {
        protected override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
        {
            ["Sync:Overlap"] = "00:00:00",
            ["Sync:PageSize"] = "5",
        };
    }

    [Fact]
    public async Task The_api_answers_a_fixed_scenario_as_the_golden_files_say()
    {
        var run = new GoldenRun(fixture);
        try
        {
            var sync = new GoldenSync(run);
            await sync.RunAsync();
            await new GoldenReads(run, sync).RunAsync();
            await new GoldenJobChoice(run, sync).RunAsync();
            await new GoldenOrders(run, sync).RunAsync();
            await new GoldenErrors(run).RunAsync();
            await new GoldenWebhooks(run).RunAsync();
        }
        catch
        {
            // What the run got before it broke off helps to see why.
            GoldenFiles.Keep(GoldenFiles.Render(run.Recorder.Exchanges, run.Normaliser));
            throw;
        }

        GoldenFiles.RecordOrCompare(GoldenFiles.Render(run.Recorder.Exchanges, run.Normaliser));
    }
}
