using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Webhooks;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// One run of the golden scenario: the system, the recorder and the names of what the run generated. Kombo's
/// webhooks are delivered here one at a time, each only once the previous one's work is done, so every answer and
/// every pull is the same from run to run (the sandbox's own dispatcher would send a sync's events back to back).
/// </summary>
public sealed class GoldenRun
{
    private readonly string _webhookUrl;
    private int _delivered;
    private int _events;
    private int _syncs;

    public GoldenRun(KomboCluster fixture)
    {
        Fixture = fixture;
        Normaliser = new GoldenNormaliser(DateTimeOffset.UtcNow);
        Recorder = new GoldenRecorder(fixture.Gateway.Api, fixture.Gateway.Http);
        _webhookUrl = fixture.Sandbox.Webhooks.Url!;
        // The sandbox records its events without sending them; DeliverAsync sends them.
        fixture.Sandbox.Webhooks.Url = null;
    }

    public KomboCluster Fixture { get; }

    public SandboxIntegration Integration { get; private set; } = null!;

    public string Id => Integration.Id;

    public GoldenRecorder Recorder { get; }

    public GoldenNormaliser Normaliser { get; }

    /// <summary><c>/api/integrations/&lt;id&gt;</c>.</summary>
    public string Path => $"/api/integrations/{Uri.EscapeDataString(Id)}";

    public IIntegrationGrain Grain => Fixture.Grains.GetGrain<IIntegrationGrain>(Id);

    /// <summary>Creates the sandbox integration and delivers its <c>integration-created</c>, which starts the first sync.</summary>
    public async Task CreateIntegrationAsync(IntegrationSpec spec, string note)
    {
        Integration = Fixture.Sandbox.CreateIntegration(spec);
        Normaliser.Name(Integration.Id, "<integration>");
        await DeliverAsync(note);
    }

    /// <summary>Finishes a sync in the sandbox and delivers its webhooks in order, each once the last one's pull is done.</summary>
    public async Task FinishSyncAsync(string note)
    {
        var report = Integration.FinishSync();
        Normaliser.Name(report.SyncId, $"<sync:{++_syncs}>");
        await report.Webhooks;
        await DeliverAsync(note);
    }

    /// <summary>
    /// Delivers the sandbox's events for the integration that are not delivered yet, one at a time, recording each
    /// answer, and waits after each until the integration grain has nothing to do.
    /// </summary>
    public async Task DeliverAsync(string note)
    {
        await Poll.UntilAsync(() => Fixture.Sandbox.Webhooks.Pending == 0, "the sandbox has published its webhooks");
        var events = Fixture.Sandbox.Webhooks.Events.Where(e => e.IntegrationId == Id).Skip(_delivered).ToList();
        Assert.NotEmpty(events);
        foreach (var webhookEvent in events)
        {
            _delivered++;
            var name = Name(webhookEvent);
            var since = DateTimeOffset.UtcNow;
            using var response = await Fixture.Gateway.Webhooks.SendRawAsync(webhookEvent.BodyText);
            Recorder.Record("POST", "/webhooks/kombo", $"{note}: {name}", (int)response.StatusCode, await response.Content.ReadAsStringAsync());
            await SettledAsync(since, expectPull: webhookEvent.Type is "integration-created" or "sync-finished" or "data-changed");
        }
    }

    /// <summary>Sends the sandbox's order webhooks through its own dispatcher, which marks the order REJECTED on a 422.</summary>
    public async Task<T> WithSandboxDeliveryAsync<T>(Func<Task<T>> work)
    {
        Fixture.Sandbox.Webhooks.Url = _webhookUrl;
        try
        {
            return await work();
        }
        finally
        {
            Fixture.Sandbox.Webhooks.Url = null;
            foreach (var delivered in Fixture.Sandbox.Webhooks.Events.Where(e => e.IntegrationId == Id).Skip(_delivered).ToList())
            {
                _delivered++;
                Name(delivered);
            }
        }
    }

    /// <summary>Names an event the sandbox generated, by the order the scenario saw it in.</summary>
    public string Name(WebhookEvent webhookEvent)
    {
        var name = $"<event:{++_events} {webhookEvent.Type}>";
        Normaliser.Name(webhookEvent.Id, name);
        return name;
    }

    /// <summary>
    /// Waits until no pull is running or asked for; with <paramref name="expectPull"/>, also until one that started at
    /// or after <paramref name="since"/> succeeded.
    /// </summary>
    public async Task SettledAsync(DateTimeOffset since, bool expectPull)
    {
        IntegrationStatus? last = null;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                var status = last = await Grain.GetStatus();
                return status.PullInProgress is null && status.PullRequestedAt is null && status.ReconcileRequestedAt is null
                    && (!expectPull || status.LastPull is { Status: "SUCCEEDED" } pull && pull.StartedAt >= since.AddMilliseconds(-1));
            }, $"integration {Id} has pulled and is idle", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            // Say where the integration stood, so a rare timeout on a loaded machine explains itself.
            throw new TimeoutException($"{timeout.Message}; last seen: {System.Text.Json.JsonSerializer.Serialize(last)}", timeout);
        }
    }
}
