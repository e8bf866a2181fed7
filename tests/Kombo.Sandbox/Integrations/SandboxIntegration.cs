using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Control;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Reads;
using Kombo.Sandbox.Records;
using Kombo.Sandbox.Webhooks;

namespace Kombo.Sandbox.Integrations;

/// <summary>
/// One connected customer: its ATS data, its lifecycle, its fault switches and its assessment side. Every method is
/// safe to call from any thread; data changes and page reads take turns on one lock, so a page is never half-changed.
/// Changes are visible to reads at once; finishing a sync only sends the webhooks (see the README).
/// </summary>
public sealed class SandboxIntegration
{
    public const string Category = "ATS";

    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly WebhookDispatcher webhooks;
    private readonly AtsData data;
    private DateTime lastSyncEnded;
    private DateTime lastNow;
    private int writesInFlight;

    internal SandboxIntegration(string id, IntegrationSpec spec, int seed, TimeProvider time, WebhookDispatcher webhooks)
    {
        Id = id;
        Tool = spec.Tool;
        EndUser = spec.EndUser;
        Seed = seed;
        SetupPendingStatus = spec.SetupPendingStatus;
        this.time = time;
        this.webhooks = webhooks;
        data = AtsData.Generate(seed, spec.Tool, spec.Scale);
        CreatedAt = lastSyncEnded = Now();
        if (spec.Ready)
        {
            SetupStatus = "COMPLETED";
            data.TakeChangedModels();
        }
    }

    public string Id { get; }
    public string Tool { get; }
    public EndUser EndUser { get; }
    public int Seed { get; }
    public DateTime CreatedAt { get; }

    /// <summary><c>FINAL_SYNC_PENDING</c> until the first successful sync, then <c>COMPLETED</c>; or what <see cref="SetStateAsync"/> set.</summary>
    public string SetupStatus { get; private set; } = "FINAL_SYNC_PENDING";

    public string State { get; private set; } = "ACTIVE";
    public string QaStatus { get; private set; } = "PASSED";

    /// <summary>409 or 503 for <c>INTEGRATION.SETUP_SYNC_PENDING</c>.</summary>
    public int SetupPendingStatus { get; set; }

    public bool IsDeleted { get; private set; }

    public bool SetupSyncPending => SetupStatus != "COMPLETED";

    public FaultSwitchboard Faults { get; } = new();

    public AssessmentBook Assessment { get; } = new();

    public SyncReport? LastSync { get; private set; }

    /// <summary>The id the next finished sync will have; also what <c>POST /v1/force-sync</c> answers.</summary>
    public string NextSyncId { get; private set; } = NewEventId();

    /// <summary>The type of the sync <c>POST /v1/force-sync</c> queued and no finished sync has ended yet; null when none is.</summary>
    private string? queuedSyncType;

    /// <summary>
    /// <c>POST /v1/force-sync</c>: Kombo runs or queues one sync at a time, so a request while one is queued answers
    /// <c>already_queued: true</c> with that sync's id and type. The sandbox's syncs still end only through
    /// <see cref="FinishSync"/>.
    /// </summary>
    public ForceSyncAnswer RequestSync(string type)
    {
        lock (gate)
        {
            var alreadyQueued = queuedSyncType is not null;
            queuedSyncType ??= type;
            return new ForceSyncAnswer(alreadyQueued, NextSyncId, queuedSyncType);
        }
    }

    /// <summary>Wall-clock now to the millisecond, never earlier than a time already handed out.</summary>
    internal DateTime Now()
    {
        lock (gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
            lastNow = now > lastNow ? now : lastNow;
            return lastNow;
        }
    }

    private T Change<T>(Func<AtsData, DateTime, T> change)
    {
        lock (gate)
        {
            return change(data, Now());
        }
    }

    public IReadOnlyList<string> UpdateRecords(SandboxModel model, int count = 1, IReadOnlyList<string>? ids = null) =>
        Change((d, now) => d.Update(model, count, ids, now));

    public IReadOnlyList<string> CreateRecords(SandboxModel model, int count = 1) =>
        Change((d, now) => d.Create(model, count, now));

    public IReadOnlyList<string> DeleteRecords(SandboxModel model, int count = 1, IReadOnlyList<string>? ids = null) =>
        Change((d, now) => d.Delete(model, count, ids, now));

    /// <summary>Closes (<c>CLOSED</c>), reopens (<c>OPEN</c>), archives (<c>ARCHIVED</c>) or drafts jobs; any raw string works too.</summary>
    public IReadOnlyList<string> SetJobStatus(string status, int count = 1, IReadOnlyList<string>? ids = null) =>
        Change((d, now) => d.SetJobStatus(status, count, ids, now));

    public IReadOnlyList<string> MoveApplications(int count = 1, IReadOnlyList<string>? ids = null, string? stageId = null) =>
        Change((d, now) => d.MoveApplications(count, ids, stageId, now));

    public IReadOnlyList<string> MoveIntoStageNamed(string name, int count = 1) =>
        Change((d, now) => d.MoveIntoStageNamed(name, count, now));

    public string ChangeJobStages(string jobId, StageAction action) =>
        Change((d, now) => d.ChangeJobStages(jobId, action, now));

    public IReadOnlyList<string> TagCandidates(int count = 1, IReadOnlyList<string>? candidateIds = null, string? tagId = null, bool remove = false) =>
        Change((d, now) => d.TagCandidates(count, candidateIds, tagId, remove, now));

    /// <summary>Records that vanish from every read (see <see cref="AtsData.Purge"/>).</summary>
    public IReadOnlyList<string> PurgeRecords(SandboxModel model, int count = 1, IReadOnlyList<string>? ids = null) =>
        Change((d, _) => d.Purge(model, count, ids));

    public IReadOnlyList<string> Anonymise(TimeSpan olderThan) =>
        Change((d, now) => d.Anonymise(olderThan, now));

    public IReadOnlyList<string> PendingChangedModels
    {
        get
        {
            lock (gate)
            {
                return data.ChangedModels.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    public IReadOnlyList<RecordSummary> Records(SandboxModel model)
    {
        lock (gate)
        {
            return data.Store(model).Records.Where(r => !r.IsPurged)
                .Select(r => new RecordSummary(r.Id, r.RemoteId, r.IsDeleted, r.ChangedAt, r.UpdatedAt)).ToList();
        }
    }

    /// <summary>The record as the API serves it (deleted ones too), or null.</summary>
    public string? RecordJson(SandboxModel model, string id)
    {
        lock (gate)
        {
            return data.Store(model).Find(id) is { } record ? System.Text.Encoding.UTF8.GetString(record.Json()) : null;
        }
    }

    public IReadOnlyDictionary<string, int> LiveCounts()
    {
        lock (gate)
        {
            return SandboxModels.All.ToDictionary(m => m.PathName(), m => data.Store(m).Records.Count(r => !r.IsDeleted && !r.IsPurged));
        }
    }

    internal ReadPage Read(SandboxModel model, ReadRequest request, Func<SandboxRecord, bool> predicate)
    {
        lock (gate)
        {
            return request.Collect(data.Store(model).Records, r => r.Sequence, predicate, r => r.Json());
        }
    }

    /// <summary>Renders every record now, on all cores, so the first read does not pay for it.</summary>
    public void WarmUp()
    {
        lock (gate)
        {
            foreach (var model in SandboxModels.All)
            {
                Parallel.ForEach(data.Store(model).Records, r => r.Json());
            }
        }
    }

    internal T WithData<T>(Func<AtsData, T> read)
    {
        lock (gate)
        {
            return read(data);
        }
    }

    /// <summary>
    /// Finishes a sync: sends <c>sync-finished</c> with <paramref name="syncState"/> and, when it succeeded
    /// (SUCCEEDED or PARTIALLY_FAILED) and something changed, <c>data-changed</c>. The first successful one ends the
    /// setup sync (with <c>integration-state-changed</c>).
    /// </summary>
    public SyncReport FinishSync(string syncState = "SUCCEEDED")
    {
        lock (gate)
        {
            var now = Now();
            var succeeded = syncState is "SUCCEEDED" or "PARTIALLY_FAILED";
            var syncId = NextSyncId;
            NextSyncId = NewEventId();
            queuedSyncType = null;
            var setupCompleted = succeeded && SetupSyncPending;
            var published = new List<Task>();
            if (setupCompleted)
            {
                SetupStatus = "COMPLETED";
                published.Add(Publish("integration-state-changed", StateChangedData(now), now));
            }
            published.Add(Publish("sync-finished", new SyncFinishedData(syncId, syncState, lastSyncEnded, now,
                (long)(now - lastSyncEnded).TotalSeconds, Id, Tool, Category, EndUser, $"https://app.kombo.dev/sandbox/logs?syncId={syncId}"), now));
            IReadOnlyList<string> changed = succeeded ? data.TakeChangedModels() : [];
            if (changed.Count > 0)
            {
                published.Add(Publish("data-changed", new DataChangedData(Id, Tool, Category, changed.Select(n => new ChangedModel(n)).ToList()), now));
            }
            lastSyncEnded = now;
            return LastSync = new SyncReport(syncId, syncState, setupCompleted, changed, Task.WhenAll(published));
        }
    }

    private IntegrationStateChangedData StateChangedData(DateTime now) =>
        new(Tool, Id, Category, EndUser, QaStatus, SetupStatus, State, now);

    /// <summary>Changes the lifecycle fields given and sends <c>integration-state-changed</c>.</summary>
    public Task SetStateAsync(string? state = null, string? qaStatus = null, string? setupStatus = null)
    {
        lock (gate)
        {
            State = state ?? State;
            QaStatus = qaStatus ?? QaStatus;
            SetupStatus = setupStatus ?? SetupStatus;
            var now = Now();
            return Publish("integration-state-changed", StateChangedData(now), now);
        }
    }

    internal Task AnnounceCreated() => Publish("integration-created", new IntegrationCreatedData(Id, Tool, Category, EndUser), CreatedAt);

    internal Task MarkDeleted()
    {
        IsDeleted = true;
        var now = Now();
        return Publish("integration-deleted", new IntegrationDeletedData(Id, Tool, Category, EndUser, now), now);
    }

    private Task<WebhookOutcome> Publish(string type, object payload, DateTime now) =>
        webhooks.Publish(WebhookEvent.Create(NewEventId(), type, Id, now, payload));

    private static string NewEventId() => KomboIds.Next(Random.Shared);

    /// <summary>
    /// Places an order and (unless <see cref="OrderSpec.DeliverWebhook"/> is false) sends its webhook, waiting for the
    /// receiver's final answer: 422 makes the order REJECTED, anything else leaves it OPEN.
    /// </summary>
    public async Task<AssessmentOrder> CreateOrderAsync(OrderSpec spec)
    {
        var order = Assessment.AddOrder(sequence => BuildOrder(spec, sequence));
        if (!spec.DeliverWebhook)
        {
            return order;
        }
        var type = spec.Inline ? "inline-assessment:order-received" : "assessment:order-received";
        var outcome = await webhooks.Publish(WebhookEvent.Create(NewEventId(), type, Id, order.CreatedAt, OrderReceivedData.From(order)));
        order.Webhook = outcome;
        if (spec.Inline && outcome.Delivered)
        {
            order.AssessmentUrl = InlineLink(outcome.ResponseBody);
        }
        if (outcome.Rejected)
        {
            Assessment.SetStatus(order, "REJECTED");
        }
        return order;
    }

    /// <summary><c>assessment_url</c> of an inline answer, when it is an absolute http(s) URL.</summary>
    private static string? InlineLink(string? answer)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(answer ?? "");
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("assessment_url", out var url)
                && url.ValueKind == System.Text.Json.JsonValueKind.String
                && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? url.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private AssessmentOrder BuildOrder(OrderSpec spec, long sequence)
    {
        lock (gate)
        {
            var application = spec.ApplicationId is { } id ? data.Applications.Find(id) ?? throw ControlException.NotFound($"application '{id}'")
                : spec.ApplicationRemoteId is { } remote ? data.Applications.FindByRemoteId(remote)
                : null;
            var candidate = application?.CandidateOf;
            var job = application?.Job ?? (spec.JobRemoteId is { } jobRemote ? data.Jobs.FindByRemoteId(jobRemote) : null);
            var email = spec.CandidateEmail ?? candidate?.EmailAddresses?.FirstOrDefault()?.EmailAddressValue
                ?? throw ControlException.Invalid("an order needs a candidate email: give candidate_email or an application whose candidate has one");
            var packageId = spec.PackageId ?? Assessment.Packages.FirstOrDefault()?.Id
                ?? throw ControlException.Invalid("an order needs a package_id (or packages set through PUT /v1/assessment/packages)");
            return new AssessmentOrder
            {
                Id = KomboIds.Next(Random.Shared),
                PackageId = packageId,
                IntegrationId = Id,
                Sequence = sequence,
                CreatedAt = Now(),
                Inline = spec.Inline,
                Candidate = new OrderCandidate(spec.CandidateRemoteId ?? candidate?.RemoteId, email, spec.FirstName ?? candidate?.FirstName,
                    spec.LastName ?? candidate?.LastName, spec.Phone ?? candidate?.PhoneNumbers?.FirstOrDefault()?.PhoneNumberValue),
                Application = new OrderApplication(spec.ApplicationRemoteId ?? application?.RemoteId),
                Job = new OrderJob(spec.JobRemoteId ?? job?.RemoteId, spec.JobName ?? job?.Name, job?.JobCode, job?.Description, job?.Location,
                    job?.HiringTeam.Select(m => new OrderHiringTeamMember(m.RemoteId, m.Email, m.FirstName, m.LastName, m.HiringTeamRoles.Where(r => r is "RECRUITER" or "HIRING_MANAGER").ToList())).ToList() ?? []),
            };
        }
    }

    /// <summary>Counts a write in flight; false (and not counted) when the integration is at its limit.</summary>
    internal bool TryEnterWrite(int limit, out int remaining)
    {
        var inFlight = Interlocked.Increment(ref writesInFlight);
        if (inFlight > limit)
        {
            Interlocked.Decrement(ref writesInFlight);
            remaining = 0;
            return false;
        }
        remaining = limit - inFlight;
        return true;
    }

    internal void ExitWrite() => Interlocked.Decrement(ref writesInFlight);

    /// <summary>Writes that passed the concurrency limit and have not answered yet.</summary>
    public int WritesInFlight => Volatile.Read(ref writesInFlight);

    internal bool HasApplication(string id) => WithData(d => d.Applications.Find(id) is { IsDeleted: false });

    /// <summary>Whether the stage is a live stage of the application's job (Kombo: "must be allowed for the job").</summary>
    internal bool StageAllowed(string applicationId, string stageId) =>
        WithData(d => d.Applications.Find(applicationId)?.Job?.StageList.Any(s => s.Id == stageId && !s.IsDeleted) ?? false);

    internal bool HasCandidate(string id) => WithData(d => d.Candidates.Find(id) is { IsDeleted: false });

    /// <summary>The live tag with the name (as Kombo finds it: ignoring case); null when there is none.</summary>
    internal string? FindTagId(string name) =>
        WithData(d => d.Tags.Records.FirstOrDefault(t => !t.IsDeleted && string.Equals(t.Name?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))?.Id);

    /// <summary>The write actions the control API made unavailable (<see cref="WriteActions"/> ids).</summary>
    private readonly HashSet<string> unavailableWriteActions = [];

    public bool WriteActionAvailable(string id)
    {
        lock (unavailableWriteActions)
        {
            return !unavailableWriteActions.Contains(id);
        }
    }

    public void SetWriteActionAvailable(string id, bool available)
    {
        lock (unavailableWriteActions)
        {
            if (available)
            {
                unavailableWriteActions.Remove(id);
            }
            else
            {
                unavailableWriteActions.Add(id);
            }
        }
    }
}
