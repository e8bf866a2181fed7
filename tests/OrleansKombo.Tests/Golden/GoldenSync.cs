using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Api;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// The sync part of the scenario: an integration through its first sync, a change and its delta, deletions, a full
/// reconcile, an operator's sync and a pause (INACTIVE, then ACTIVE again), with the integration as the API shows it
/// after each step. The jobs it picks are kept for the later sections.
/// </summary>
public sealed class GoldenSync(GoldenRun run)
{
    /// <summary>Fixed seed, small scale: the same ATS data every run, a few pages of 5 per model.</summary>
    public static readonly IntegrationSpec Spec = new()
    {
        Ready = true,
        Seed = 20261129,
        Scale = new GeneratorScale { Jobs = 5, Candidates = 6, Applications = 8, Users = 3, Tags = 3 },
    };

    /// <summary>A job closed in the ATS.</summary>
    public string ClosedJob { get; private set; } = "";

    /// <summary>A job whose status is a raw ATS value ("Open") rather than one of Kombo's four.</summary>
    public string RawStatusJob { get; private set; } = "";

    public string DeletedJob { get; private set; } = "";

    public string OpenJob { get; private set; } = "";

    public string DeletedCandidate { get; private set; } = "";

    public string PurgedTag { get; private set; } = "";

    public async Task RunAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "01-sync";
        await run.CreateIntegrationAsync(Spec, "integration created; the first sync reads everything");
        await recorder.GetAsync(run.Path, "after the first sync");
        await ListEntryAsync();

        await run.FinishSyncAsync("a sync without changes");
        await recorder.GetAsync(run.Path, "after a sync without changes: the delta read nothing");

        var jobs = run.Integration.Records(SandboxModel.Jobs).Where(j => !j.Deleted).Select(j => j.Id).ToList();
        Assert.True(jobs.Count >= 4, $"the seed gives {jobs.Count} live jobs; the scenario needs 4");
        (ClosedJob, RawStatusJob, DeletedJob, OpenJob) = (jobs[0], jobs[1], jobs[2], jobs[3]);
        run.Integration.SetJobStatus("OPEN", ids: [OpenJob]);
        run.Integration.SetJobStatus("CLOSED", ids: [ClosedJob]);
        run.Integration.SetJobStatus("Open", ids: [RawStatusJob]);
        run.Integration.UpdateRecords(SandboxModel.Candidates, 2);
        run.Integration.CreateRecords(SandboxModel.Applications, 1);
        run.Integration.MoveApplications(1);
        run.Integration.UpdateRecords(SandboxModel.Users, 1);
        await run.FinishSyncAsync("changes: jobs closed and re-statused, candidates updated, an application created and one moved");
        await recorder.GetAsync(run.Path, "after the delta");

        DeletedCandidate = run.Integration.DeleteRecords(SandboxModel.Candidates, 1).Single();
        run.Integration.DeleteRecords(SandboxModel.Jobs, ids: [DeletedJob]);
        await run.FinishSyncAsync("deletions: a candidate (with its applications) and a job");
        await recorder.GetAsync(run.Path, "after the deletions");

        // Gone from every read without a deletion: only a full read notices.
        PurgedTag = run.Integration.PurgeRecords(SandboxModel.Tags, 1).Single();
        var since = DateTimeOffset.UtcNow;
        await recorder.PostAsync($"{run.Path}/reconcile", note: "a full re-read; the tag Kombo no longer serves is marked deleted");
        await run.SettledAsync(since, expectPull: true);
        await recorder.GetAsync(run.Path, "after the full reconcile");

        since = DateTimeOffset.UtcNow;
        await recorder.PostAsync($"{run.Path}/sync", note: "an operator's sync");
        await run.SettledAsync(since, expectPull: true);
        await recorder.GetAsync(run.Path, "after the operator's sync");

        await run.Integration.SetStateAsync(state: "INACTIVE");
        await run.DeliverAsync("paused in Kombo");
        await recorder.GetAsync(run.Path, "while INACTIVE");
        await run.Integration.SetStateAsync(state: "ACTIVE");
        await run.DeliverAsync("active again");
        await recorder.GetAsync(run.Path, "ACTIVE again");
    }

    /// <summary>
    /// The list holds every integration of the shared database, so only ours is kept: found by walking the pages
    /// (unrecorded), then recorded as the entry the list gave.
    /// </summary>
    private async Task ListEntryAsync()
    {
        var all = await run.Fixture.Gateway.Api.GetAllPagesAsync("/api/integrations?page_size=250");
        var ours = all.Single(i => i.GetProperty("id").GetString() == run.Id);
        run.Recorder.Record("GET", "/api/integrations?page_size=250", "our integration's entry in the list (the others belong to other tests)",
            200, JsonSerializer.Serialize(ours));
    }
}
