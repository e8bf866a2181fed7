namespace OrleansKombo.Tests.Golden;

/// <summary>Every record route, the jobs with their lifecycle, and the change feed, after <see cref="GoldenSync"/>.</summary>
public sealed class GoldenReads(GoldenRun run, GoldenSync sync)
{
    private static readonly string[] RecordModels = ["candidates", "applications", "users", "tags", "application-stages"];

    public async Task RunAsync()
    {
        await RecordsAsync();
        await JobsAsync();
        await ChangesAsync();
    }

    private async Task RecordsAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "02-records";
        foreach (var model in RecordModels)
        {
            var live = await recorder.GetAllPagesAsync($"{run.Path}/{model}?page_size=3", $"the live {model}, in pages of 3");
            await recorder.GetAsync($"{run.Path}/{model}?include_deleted=true&page_size=250", $"the {model}, deleted ones too");
            await recorder.GetAsync($"{run.Path}/{model}/{Uri.EscapeDataString(live[0].GetProperty("id").GetString()!)}");
        }
        await recorder.GetAsync($"{run.Path}/candidates/{sync.DeletedCandidate}", "a candidate deleted in the ATS");
        await recorder.GetAsync($"{run.Path}/tags/{sync.PurgedTag}", "a tag the full reconcile found gone");
    }

    private async Task JobsAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "03-jobs";
        await recorder.GetAllPagesAsync($"{run.Path}/jobs?page_size=2", "the live jobs with their lifecycle, in pages of 2");
        await recorder.GetAsync($"{run.Path}/jobs?include_deleted=true");
        await recorder.GetAsync($"{run.Path}/jobs?status=CLOSED");
        await recorder.GetAsync($"{run.Path}/jobs?status=OPEN,DRAFT,ARCHIVED&include_deleted=true");
        await recorder.GetAsync($"{run.Path}/jobs?active=true");
        await recorder.GetAsync($"{run.Path}/jobs?active=false&include_deleted=true");
        await recorder.GetAsync($"{run.Path}/jobs/{sync.OpenJob}", "an OPEN job");
        await recorder.GetAsync($"{run.Path}/jobs/{sync.ClosedJob}", "a job closed in the ATS");
        await recorder.GetAsync($"{run.Path}/jobs/{sync.RawStatusJob}", "a job whose status is the raw value 'Open'");
        await recorder.GetAsync($"{run.Path}/jobs/{sync.DeletedJob}", "a job deleted in the ATS");
    }

    private async Task ChangesAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "04-changes";
        var changes = await recorder.GetAllPagesAsync($"{run.Path}/changes?page_size=40", "the whole change feed, in pages of 40");
        var seqs = changes.Select(c => c.GetProperty("seq").GetInt64()).ToList();
        seqs.ForEach(run.Normaliser.Seq);
        Assert.True(seqs.Count > 10, $"the scenario made only {seqs.Count} changes");
        var after = seqs[^6];
        var page = await recorder.GetAsync($"{run.Path}/changes?after={after}&page_size=3", "the last five, after a seq, in pages of 3");
        var cursor = Uri.EscapeDataString(page.GetProperty("next").GetString()!);
        await recorder.GetAsync($"{run.Path}/changes?after={after}&cursor={cursor}&page_size=3", "after and a cursor of the same walk");
        await recorder.GetAsync($"{run.Path}/changes?after={seqs[^1]}", "the end of the feed: empty, next null");
        await recorder.GetAsync($"{run.Path}/changes?after={seqs[^1]}&cursor={cursor}", "a cursor from before after");
    }
}
