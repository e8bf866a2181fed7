using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// What a pull does to the integration's state, as pure changes: it starts, commits a page with its checkpoint, skips a
/// model, finishes, or ends an attempt without data (a setback with its backoff, or a stop until Kombo says otherwise).
/// The pull (<see cref="PullRun"/>, <see cref="PullLoop"/>) applies these through <see cref="IntegrationStateKeeper"/>.
/// </summary>
public sealed class PullTransitions(SyncOptions options, TimeProvider clock)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A new pull: whatever was asked for before now, it reads.</summary>
    public void Start(IntegrationState s, PullMode mode)
    {
        var first = s.Watermark is null;
        s.Pull = new PullCheckpoint
        {
            Mode = mode,
            RunId = Guid.NewGuid(),
            StartedAt = Now,
            UpdatedAfter = mode == PullMode.Delta ? s.Watermark : null,
            MarksAbsentDeleted = mode == PullMode.Full && !first,
            RetryUnavailable = s.UnavailableModelsDue,
        };
        s.PullRequestedAt = null;
        s.UnavailableModelsDue = false;
        if (mode == PullMode.Full)
        {
            s.ReconcileRequestedAt = null;
        }
        s.LastPull = new LastPull(Now, null, PullStatus.Running, 0, 0, null);
        s.PullRecord = new PullRecord { RunId = s.Pull!.RunId, Mode = mode, StartedAt = s.Pull.StartedAt };
    }

    /// <summary>The history row of the checkpoint's pull; a pull started before rows were kept gets one on its next page.</summary>
    private static PullRecord Record(IntegrationState s, PullCheckpoint checkpoint)
    {
        if (s.PullRecord?.RunId != checkpoint.RunId)
        {
            s.PullRecord = new PullRecord
            {
                RunId = checkpoint.RunId, Mode = checkpoint.Mode, StartedAt = checkpoint.StartedAt,
                RecordsRead = checkpoint.RecordsRead, RecordsChanged = checkpoint.RecordsChanged,
            };
        }
        return s.PullRecord;
    }

    /// <summary>
    /// A page of <paramref name="model"/> committed: the checkpoint moves to <paramref name="nextIndex"/> and
    /// <paramref name="nextCursor"/>, and a read is READY. A model read to its end is OK from now on.
    /// </summary>
    /// <returns>The model's status before, when it was unavailable and has now been read to its end (it caught up).</returns>
    /// <exception cref="OperationCanceledException">The integration was deleted: deletion ends a pull between two pages.</exception>
    public ModelStatus? PageCommitted(IntegrationState s, AtsModel model, int nextIndex, string? nextCursor, int read, int changed,
        long notifiedThrough)
    {
        var checkpoint = s.Pull ?? throw new OperationCanceledException("The integration was deleted during its pull.");
        var finished = nextCursor is null;
        checkpoint.ModelIndex = nextIndex;
        checkpoint.Cursor = nextCursor;
        checkpoint.RecordsRead += read;
        checkpoint.RecordsChanged += changed;
        s.Setup = SetupPhase.Ready;
        s.Problem = null;
        s.LastPull = new LastPull(checkpoint.StartedAt, null, PullStatus.Running, checkpoint.RecordsRead, checkpoint.RecordsChanged, null);
        s.ChangesNotifiedThroughSeq = notifiedThrough;
        var record = Record(s, checkpoint);
        record.Status = PullStatus.Running;
        (record.EndedAt, record.ErrorCode, record.Error) = (null, null, null);
        record.Model = model.Name;
        record.Pages++;
        record.RecordsRead = checkpoint.RecordsRead;
        record.RecordsChanged = checkpoint.RecordsChanged;
        var figures = record.Models.TryGetValue(model.Name, out var known) ? known : record.Models[model.Name] = new PullModelFigures();
        figures.Pages++;
        figures.RecordsRead += read;
        figures.RecordsChanged += changed;
        var before = s.Models.GetValueOrDefault(model.Name);
        if (finished && before is not { IsUnavailable: false })
        {
            // Read to its end: from now on the integration's watermark is this model's too.
            s.Models[model.Name] = new ModelStatus(ModelStatus.Ok, null, null, Now, null, null);
        }
        return before?.IsUnavailable == true && finished ? before : null;
    }

    /// <summary>
    /// Moves the pull past a model: Kombo just refused it (<paramref name="refused"/>), or it did recently and is not
    /// due again. Pages of it already written stay; its watermark stays where its last complete read left it.
    /// </summary>
    /// <returns>The model's status before.</returns>
    public ModelStatus? SkipModel(IntegrationState s, AtsModel model, KomboApiException? refused)
    {
        var checkpoint = s.Pull ?? throw new OperationCanceledException("The integration was deleted during its pull.");
        checkpoint.ModelIndex++;
        checkpoint.Cursor = null;
        Record(s, checkpoint).Models[model.Name] = new PullModelFigures { Skipped = refused is null ? "SKIPPED" : refused.Code ?? "REFUSED" };
        var before = s.Models.GetValueOrDefault(model.Name);
        if (refused is not null)
        {
            s.Models[model.Name] = before is { IsUnavailable: true }
                ? before with { Code = refused.Code, Message = refused.KomboMessage, LastTriedAt = Now }
                // Its last good read is the integration's watermark as it stands before this pull finishes.
                : new ModelStatus(ModelStatus.Unavailable, refused.Code, refused.KomboMessage, Now, Now, s.Watermark);
        }
        return before;
    }

    /// <summary>Kombo refused the cursor of the model being read (it may expire in a long pause): that model is read again from its start.</summary>
    public void RestartModel(IntegrationState s) => s.Pull!.Cursor = null;

    /// <summary>Every model read (or skipped): the watermark moves to the pull's start minus the overlap, and retries end.</summary>
    /// <param name="absent">Records a full read found gone (marked deleted), counted as changed.</param>
    public void Finish(IntegrationState s, PullCheckpoint pull, int absent, long notifiedThrough)
    {
        s.Watermark = pull.StartedAt - options.Overlap;
        if (pull.Mode == PullMode.Full)
        {
            s.LastReconcileAt = pull.StartedAt;
        }
        s.LastPull = new LastPull(pull.StartedAt, Now, PullStatus.Succeeded, pull.RecordsRead, pull.RecordsChanged + absent, null);
        var record = Record(s, pull);
        record.RecordsRead = pull.RecordsRead;
        record.RecordsChanged = pull.RecordsChanged + absent;
        record.Ended(Now, PullStatus.Succeeded, null, null);
        s.Pull = null;
        s.RetryAt = null;
        s.FailedAttempts = 0;
        s.Problem = null;
        s.ChangesNotifiedThroughSeq = notifiedThrough;
    }

    /// <summary>An attempt that got no data: the next waits as <paramref name="setback"/> says for this attempt.</summary>
    /// <returns>The attempt's number and the wait before the next.</returns>
    /// <param name="code">Kombo's <c>error.code</c>, when Kombo answered with one.</param>
    public (int Attempt, TimeSpan Wait) Setback(IntegrationState s, PullSetback setback, string error, string? code = null)
    {
        var now = Now;
        var attempt = s.FailedAttempts + 1;
        var wait = setback.Wait(attempt);
        s.FailedAttempts = attempt;
        s.RetryAt = now + wait;
        s.Problem = setback.Kind;
        s.LastPull = new LastPull(s.Pull?.StartedAt ?? now, now, setback.Status, s.Pull?.RecordsRead ?? 0, s.Pull?.RecordsChanged ?? 0, error);
        if (s.Pull is { } pull)
        {
            Record(s, pull).Ended(now, setback.Status, code, error);
        }
        return (attempt, wait);
    }

    /// <summary>Kombo does not know the integration: no retries until a webhook names it or an operator asks.</summary>
    public bool Gone(IntegrationState s, KomboApiException error) => Stop(s, error, () => s.GoneSince ??= Now);

    /// <summary>Kombo says the integration is inactive: no pulls until integration-state-changed says ACTIVE.</summary>
    public bool Inactive(IntegrationState s, KomboApiException error) => Stop(s, error, () => s.State = IntegrationLifecycle.Inactive);

    /// <summary>
    /// Kombo will not serve this integration until something changes on its side: no retries (the checkpoint stays, so
    /// the pull resumes from it), until the event that says so arrives.
    /// </summary>
    private bool Stop(IntegrationState s, KomboApiException error, Action mark)
    {
        if (s.State == IntegrationLifecycle.Deleted)
        {
            return false;
        }
        mark();
        s.Problem = error.Kind;
        s.RetryAt = null;
        s.FailedAttempts = 0;
        s.LastPull = new LastPull(s.Pull?.StartedAt ?? Now, Now, PullStatus.Failed, s.Pull?.RecordsRead ?? 0, s.Pull?.RecordsChanged ?? 0, error.Message);
        if (s.Pull is { } pull)
        {
            Record(s, pull).Ended(Now, PullStatus.Failed, error.Code, error.Message);
        }
        return true;
    }
}
