using Microsoft.Extensions.Time.Testing;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Webhooks;
using OrleansKombo.Catalog;

namespace OrleansKombo.UnitTests.Integrations;

/// <summary>An integration's rules around a clock the test moves, and the webhooks Kombo sends, as Kombo shapes them.</summary>
public sealed class IntegrationRig
{
    public const string Id = "greenhouse:unit";

    public IntegrationRig(SyncOptions? options = null)
    {
        Options = options ?? new SyncOptions();
        Rules = new IntegrationStateMachine(Options, Clock);
        Pulls = new PullTransitions(Options, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public SyncOptions Options { get; }

    public IntegrationStateMachine Rules { get; }

    public PullTransitions Pulls { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public IntegrationState State { get; } = new() { Id = Id };

    public (PullMode Mode, TimeSpan Wait)? Next() => Rules.NextWork(State, stored: true);

    /// <summary>A pull that reads every model to its end at once, as a committed pull leaves the state.</summary>
    public void PullCompletely(PullMode mode)
    {
        Pulls.Start(State, mode);
        for (var i = 0; i < AtsModel.PullOrder.Count; i++)
        {
            Pulls.PageCommitted(State, AtsModel.PullOrder[i], i + 1, null, read: 10, changed: 2, notifiedThrough: 0);
        }
        Pulls.Finish(State, State.Pull!, absent: 0, notifiedThrough: 0);
    }

    public SyncFinished SyncFinished(string state, string? syncId = null, DateTimeOffset? endedAt = null) =>
        new(syncId ?? Guid.NewGuid().ToString("N"), state, (endedAt ?? Now) - TimeSpan.FromMinutes(3), endedAt ?? Now, 180, Id, "greenhouse", "ATS", null, null);

    public DataChanged DataChanged() => new(Id, "greenhouse", "ATS", [new ChangedModel("ats_jobs")]);

    public IntegrationStateChanged StateChanged(string state, DateTimeOffset updatedAt) =>
        new("greenhouse", Id, "ATS", null, "COMPLETED", "COMPLETED", state, updatedAt);

    public IntegrationDeleted Deleted(DateTimeOffset deletedAt) => new(Id, "greenhouse", "ATS", null, deletedAt);

    public static KomboApiException Error(string code, int status = 400, TimeSpan? retryAfter = null) =>
        new((System.Net.HttpStatusCode)status, code, $"Kombo says {code}", null, retryAfter);
}
