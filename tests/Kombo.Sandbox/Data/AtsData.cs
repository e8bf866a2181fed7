using Kombo.Sandbox.Control;
using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Data;

/// <summary>
/// One integration's ATS data and every change the simulation can make to it. Each change stamps the records it
/// touches the way Kombo's <c>updated_after</c> documents it: <see cref="SandboxRecord.Changed"/> for own fields,
/// <see cref="SandboxRecord.NestedChanged"/> for nested data Kombo counts, <see cref="SandboxRecord.Invalidate"/>
/// where only the embedded copy differs. Not thread-safe: the owning integration serialises access.
/// </summary>
public sealed class AtsData
{
    /// <summary>Generated history ends here, so a generated record never matches an <c>updated_after</c> taken at run time.</summary>
    public static readonly DateTime GeneratedUntil = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly RecordFactory factory;
    private readonly HashSet<string> changedModels = [];

    private AtsData(RecordFactory factory) => this.factory = factory;

    public ModelStore<JobRecord> Jobs { get; } = new(SandboxModel.Jobs);
    public ModelStore<CandidateRecord> Candidates { get; } = new(SandboxModel.Candidates);
    public ModelStore<ApplicationRecord> Applications { get; } = new(SandboxModel.Applications);
    public ModelStore<UserRecord> Users { get; } = new(SandboxModel.Users);
    public ModelStore<TagRecord> Tags { get; } = new(SandboxModel.Tags);
    public ModelStore<StageRecord> Stages { get; } = new(SandboxModel.ApplicationStages);

    public IModelStore Store(SandboxModel model) => model switch
    {
        SandboxModel.Jobs => Jobs,
        SandboxModel.Candidates => Candidates,
        SandboxModel.Applications => Applications,
        SandboxModel.Users => Users,
        SandboxModel.Tags => Tags,
        _ => Stages,
    };

    /// <summary>Kombo model names changed since <see cref="TakeChangedModels"/> was last called, for <c>data-changed</c>.</summary>
    public IReadOnlyCollection<string> ChangedModels => changedModels;

    public IReadOnlyList<string> TakeChangedModels()
    {
        var taken = changedModels.Order(StringComparer.Ordinal).ToList();
        changedModels.Clear();
        return taken;
    }

    public static AtsData Generate(int seed, string tool, GeneratorScale scale)
    {
        var data = new AtsData(new RecordFactory(new Random(seed), tool, new JobIdentities(seed, tool)));
        var f = data.factory;
        var start = GeneratedUntil.AddYears(-2);
        for (var i = 0; i < scale.Users; i++)
        {
            data.Users.Add(f.User(f.Between(start, GeneratedUntil)));
        }
        for (var i = 0; i < scale.Tags; i++)
        {
            data.Tags.Add(f.Tag(i, f.Between(start, GeneratedUntil)));
        }
        for (var i = 0; i < scale.Jobs; i++)
        {
            data.AddJob(f.Between(start, GeneratedUntil));
        }
        for (var i = 0; i < scale.Candidates; i++)
        {
            var candidate = f.Candidate(f.Between(start, GeneratedUntil));
            data.Candidates.Add(candidate);
            foreach (var tag in data.RandomLive(data.Tags, f.Random.Next(0, 4)))
            {
                Link(candidate, tag);
            }
        }
        for (var i = 0; i < scale.Applications && data.Jobs.Records.Count > 0 && data.Candidates.Records.Count > 0; i++)
        {
            // Every candidate gets one application before any gets a second.
            var candidate = i < data.Candidates.Records.Count ? data.Candidates.Records[i] : data.Candidates.Records[f.Random.Next(data.Candidates.Records.Count)];
            var job = data.Jobs.Records[f.Random.Next(data.Jobs.Records.Count)];
            var at = f.Between(Max(candidate.ChangedAt, job.ChangedAt), GeneratedUntil);
            data.AddApplication(candidate, job, at);
        }
        data.changedModels.UnionWith(SandboxModels.All.Select(m => m.KomboName()));
        return data;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private JobRecord AddJob(DateTime at)
    {
        var (job, stages) = factory.Job(at, Users.Records.Where(u => !u.IsDeleted).ToList());
        Jobs.Add(job);
        foreach (var stage in stages)
        {
            stage.Job = job;
            Stages.Add(stage);
            job.StageList.Add(stage);
        }
        foreach (var member in job.HiringTeam)
        {
            member.User.Jobs.Add(job);
        }
        return job;
    }

    private ApplicationRecord AddApplication(CandidateRecord candidate, JobRecord job, DateTime at)
    {
        var application = factory.Application(at, job);
        application.CandidateOf = candidate;
        application.Job = job;
        Applications.Add(application);
        candidate.ApplicationList.Add(application);
        job.Applications.Add(application);
        if (job.StageList.Count > 0)
        {
            var stage = application.Outcome == "HIRED" ? job.StageList[^1] : job.StageList[factory.Random.Next(job.StageList.Count - 1)];
            SetStage(application, stage);
        }
        return application;
    }

    private static void SetStage(ApplicationRecord application, StageRecord? stage)
    {
        application.Stage?.Applications.Remove(application);
        application.Stage = stage;
        stage?.Applications.Add(application);
    }

    private static void Link(CandidateRecord candidate, TagRecord tag)
    {
        candidate.TagList.Add(tag);
        tag.Candidates.Add(candidate);
    }

    /// <summary><paramref name="count"/> distinct random live records that pass <paramref name="eligible"/> (fewer if there are not enough).</summary>
    private List<T> RandomLive<T>(ModelStore<T> store, int count, Func<T, bool>? eligible = null) where T : SandboxRecord
    {
        var live = store.Records.Where(r => !r.IsDeleted && (eligible?.Invoke(r) ?? true)).ToList();
        var picked = new List<T>(Math.Min(count, live.Count));
        for (var i = 0; i < count && live.Count > 0; i++)
        {
            var index = factory.Random.Next(live.Count);
            picked.Add(live[index]);
            live[index] = live[^1];
            live.RemoveAt(live.Count - 1);
        }
        return picked;
    }

    /// <summary>The records named by <paramref name="ids"/>, or <paramref name="count"/> random live ones that pass <paramref name="eligible"/>.</summary>
    private List<T> Select<T>(ModelStore<T> store, int count, IReadOnlyList<string>? ids, Func<T, bool>? eligible = null) where T : SandboxRecord =>
        ids is { Count: > 0 }
            ? ids.Select(id => store.Find(id) ?? throw ControlException.NotFound($"{store.Model.PathName()} record '{id}'")).ToList()
            : RandomLive(store, count, eligible);

    private void Mark(params SandboxModel[] models) => changedModels.UnionWith(models.Select(m => m.KomboName()));

    private void MarkJoin(string name) => changedModels.Add(name);

    public IReadOnlyList<string> Update(SandboxModel model, int count, IReadOnlyList<string>? ids, DateTime now)
    {
        var r = factory.Random;
        switch (model)
        {
            case SandboxModel.Jobs:
                return Each(Select(Jobs, count, ids), job =>
                {
                    job.Name = factory.JobTitle();
                    job.WeeklyHours = r.Next(2) == 0 ? null : r.Next(20, 41);
                    job.RemoteUpdatedAt = now;
                    job.Changed(now);
                    foreach (var application in job.Applications)
                    {
                        // Kombo does not count a changed job for applications; their embedded copy still changes.
                        application.Invalidate();
                        application.CandidateOf?.Invalidate();
                    }
                }, SandboxModel.Jobs);
            case SandboxModel.Candidates:
                return Each(Select(Candidates, count, ids), candidate =>
                {
                    candidate.Title = Vocabulary.CandidateTitles[r.Next(Vocabulary.CandidateTitles.Length)];
                    candidate.Company = Vocabulary.Companies[r.Next(Vocabulary.Companies.Length)];
                    candidate.PhoneNumbers = [new PhoneNumber(Vocabulary.Phones[r.Next(Vocabulary.Phones.Length)], "MOBILE")];
                    candidate.RemoteUpdatedAt = now;
                    candidate.Changed(now);
                    foreach (var application in candidate.ApplicationList)
                    {
                        application.NestedChanged(now);
                    }
                }, SandboxModel.Candidates);
            case SandboxModel.Applications:
                return Each(Select(Applications, count, ids), application =>
                {
                    application.CustomFields = new Dictionary<string, object?> { ["last_activity"] = KomboDate(now), ["referrer"] = null };
                    application.RemoteUpdatedAt = now;
                    application.Changed(now);
                    application.CandidateOf?.NestedChanged(now);
                }, SandboxModel.Applications);
            case SandboxModel.Users:
                return Each(Select(Users, count, ids), user =>
                {
                    user.Status = user.Status == "ACTIVE" ? "INACTIVE" : "ACTIVE";
                    user.LastName = Vocabulary.LastNames[r.Next(Vocabulary.LastNames.Length)].Last;
                    user.Changed(now);
                    user.Jobs.ForEach(j => j.Invalidate());
                }, SandboxModel.Users);
            case SandboxModel.Tags:
                return Each(Select(Tags, count, ids), tag =>
                {
                    tag.Name = $"{Vocabulary.TagNames[r.Next(Vocabulary.TagNames.Length)]} ({KomboDate(now)[..10]})";
                    tag.Changed(now);
                    InvalidateTagHolders(tag);
                }, SandboxModel.Tags);
            default:
                return Each(Select(Stages, count, ids), stage => RenameStage(stage, now), SandboxModel.ApplicationStages);
        }
    }

    private static string KomboDate(DateTime at) => Kombo.Sandbox.Json.KomboDateTimeConverter.Text(at);

    private List<string> Each<T>(List<T> records, Action<T> change, SandboxModel model) where T : SandboxRecord
    {
        records.ForEach(change);
        if (records.Count > 0)
        {
            Mark(model);
        }
        return records.Select(r => r.Id).ToList();
    }

    private static void InvalidateTagHolders(TagRecord tag)
    {
        foreach (var candidate in tag.Candidates)
        {
            candidate.Invalidate();
            candidate.ApplicationList.ForEach(a => a.Invalidate());
        }
    }

    private void RenameStage(StageRecord stage, DateTime now)
    {
        stage.Name = $"{stage.Name?.Split(" (")[0]} ({KomboDate(now)[11..19]})";
        stage.Changed(now);
        // The sandbox counts a renamed stage for its job, as the project's sync relies on (Kombo only counts added/removed).
        stage.Job?.NestedChanged(now);
        foreach (var application in stage.Applications)
        {
            application.NestedChanged(now);
            application.CandidateOf?.Invalidate();
        }
    }

    public IReadOnlyList<string> Create(SandboxModel model, int count, DateTime now)
    {
        var created = new List<string>();
        for (var i = 0; i < count; i++)
        {
            switch (model)
            {
                case SandboxModel.Jobs:
                    var job = AddJob(now);
                    created.Add(job.Id);
                    Mark(SandboxModel.Jobs, SandboxModel.ApplicationStages);
                    MarkJoin("ats_join_jobs_application_stages");
                    break;
                case SandboxModel.Candidates:
                    var candidate = factory.Candidate(now);
                    Candidates.Add(candidate);
                    created.Add(candidate.Id);
                    Mark(SandboxModel.Candidates);
                    if (RandomLive(Jobs, 1) is [var target])
                    {
                        AddApplication(candidate, target, now);
                        Mark(SandboxModel.Applications);
                    }
                    break;
                case SandboxModel.Applications:
                    if (RandomLive(Candidates, 1) is [var applicant] && RandomLive(Jobs, 1) is [var applied])
                    {
                        created.Add(AddApplication(applicant, applied, now).Id);
                        applicant.NestedChanged(now);
                        Mark(SandboxModel.Applications);
                    }
                    break;
                case SandboxModel.Users:
                    var user = factory.User(now);
                    Users.Add(user);
                    created.Add(user.Id);
                    Mark(SandboxModel.Users);
                    break;
                case SandboxModel.Tags:
                    var tag = factory.Tag(Tags.Records.Count, now);
                    Tags.Add(tag);
                    created.Add(tag.Id);
                    Mark(SandboxModel.Tags);
                    break;
                default:
                    var owner = RandomLive(Jobs, 1).FirstOrDefault() ?? throw ControlException.Invalid("there is no live job to add a stage to");
                    created.Add(ChangeJobStages(owner.Id, StageAction.Add, now));
                    break;
            }
        }
        return created;
    }

    public IReadOnlyList<string> Delete(SandboxModel model, int count, IReadOnlyList<string>? ids, DateTime now)
    {
        switch (model)
        {
            case SandboxModel.Jobs:
                return Each(Select(Jobs, count, ids), job => Remove(job, now), SandboxModel.Jobs);
            case SandboxModel.Candidates:
                var deleted = Each(Select(Candidates, count, ids), candidate =>
                {
                    Remove(candidate, now);
                    // An ATS deletes a person's applications with the person.
                    foreach (var application in candidate.ApplicationList.Where(a => !a.IsDeleted))
                    {
                        Remove(application, now);
                        Mark(SandboxModel.Applications);
                    }
                }, SandboxModel.Candidates);
                return deleted;
            case SandboxModel.Applications:
                return Each(Select(Applications, count, ids), application =>
                {
                    Remove(application, now);
                    application.CandidateOf?.NestedChanged(now);
                }, SandboxModel.Applications);
            case SandboxModel.Users:
                return Each(Select(Users, count, ids), user =>
                {
                    Remove(user, now);
                    foreach (var job in user.Jobs)
                    {
                        job.HiringTeam = job.HiringTeam.Where(m => m.User != user).ToList();
                        job.NestedChanged(now);
                    }
                    MarkJoin("ats_join_jobs_users");
                }, SandboxModel.Users);
            case SandboxModel.Tags:
                return Each(Select(Tags, count, ids), tag =>
                {
                    Remove(tag, now);
                    foreach (var candidate in tag.Candidates)
                    {
                        candidate.NestedChanged(now);
                        candidate.ApplicationList.ForEach(a => a.Invalidate());
                    }
                    MarkJoin("ats_join_candidates_tags");
                }, SandboxModel.Tags);
            default:
                return Select(Stages, count, ids).Select(s => ChangeJobStages(s.Job!.Id, StageAction.Remove, now, s)).ToList();
        }
    }

    private static void Remove(SandboxRecord record, DateTime now)
    {
        if (!record.IsDeleted)
        {
            record.RemoteDeletedAt = now;
            record.Changed(now);
        }
    }

    public IReadOnlyList<string> SetJobStatus(string status, int count, IReadOnlyList<string>? ids, DateTime now) =>
        Each(Select(Jobs, count, ids, j => j.Status != status), job =>
        {
            job.Status = status;
            if (status is "OPEN")
            {
                job.OpenedAt ??= now;
                job.ClosedAt = null;
            }
            else if (status is "CLOSED" or "ARCHIVED")
            {
                job.ClosedAt = now;
            }
            job.RemoteUpdatedAt = now;
            job.Changed(now);
        }, SandboxModel.Jobs);

    /// <summary>Moves applications to <paramref name="stageId"/>, or each to the next stage of its job's pipeline.</summary>
    public IReadOnlyList<string> MoveApplications(int count, IReadOnlyList<string>? ids, string? stageId, DateTime now)
    {
        var target = stageId is null ? null : Stages.Find(stageId) ?? throw ControlException.NotFound($"stage '{stageId}'");
        if (target is { IsDeleted: true })
        {
            throw ControlException.Invalid($"stage '{stageId}' was removed from its job");
        }
        var moved = Select(Applications, count, ids, a => a.Outcome == "PENDING" && a.Job is { StageList.Count: > 1 } && (target is null || a.Job == target.Job));
        if (target is not null && moved.FirstOrDefault(a => a.Job != target.Job) is { } stranger)
        {
            throw ControlException.Invalid($"stage '{target.Id}' is not in the pipeline of application '{stranger.Id}'");
        }
        foreach (var application in moved)
        {
            var pipeline = application.Job?.StageList ?? [];
            var next = target ?? (pipeline.Count == 0 ? null : pipeline[(pipeline.IndexOf(application.Stage!) + 1) % pipeline.Count]);
            SetStage(application, next);
            application.RemoteUpdatedAt = now;
            application.Changed(now);
            application.CandidateOf?.NestedChanged(now);
        }
        if (moved.Count > 0)
        {
            Mark(SandboxModel.Applications);
        }
        return moved.Select(a => a.Id).ToList();
    }

    /// <summary>
    /// Moves up to <paramref name="count"/> pending applications of open jobs into their job's stage named
    /// <paramref name="name"/> (ignoring case), as a recruiter would: the demo's trigger for assessments.
    /// </summary>
    public IReadOnlyList<string> MoveIntoStageNamed(string name, int count, DateTime now)
    {
        static bool Named(StageRecord stage, string name) => !stage.IsDeleted && string.Equals(stage.Name, name, StringComparison.OrdinalIgnoreCase);
        var chosen = RandomLive(Applications, count, a => a.Outcome == "PENDING" && a.Job is { IsDeleted: false, Status: "OPEN" } job
            && job.StageList.Any(s => Named(s, name)) && !(a.Stage is { } current && Named(current, name)));
        var moved = new List<string>();
        foreach (var application in chosen)
        {
            moved.AddRange(MoveApplications(1, [application.Id], application.Job!.StageList.First(s => Named(s, name)).Id, now));
        }
        return moved;
    }

    /// <summary>
    /// Adding or removing a stage moves the indices of the stages after it; every embedded copy of those stages (in
    /// applications and their candidates) shows the index, so their rendered JSON is stale.
    /// </summary>
    private static void InvalidateStageIndices(JobRecord job) =>
        job.StageList.SelectMany(s => s.Applications).ToList().ForEach(a => { a.Invalidate(); a.CandidateOf?.Invalidate(); });

    /// <summary>Adds, removes or renames a stage of a job; returns the stage's id.</summary>
    public string ChangeJobStages(string jobId, StageAction action, DateTime now, StageRecord? stage = null)
    {
        var job = Jobs.Find(jobId) ?? throw ControlException.NotFound($"job '{jobId}'");
        switch (action)
        {
            case StageAction.Add:
                var added = factory.Stage($"Extra Interview {job.StageList.Count + 1}", now);
                added.Job = job;
                Stages.Add(added);
                job.StageList.Insert(Math.Max(0, job.StageList.Count - 1), added);
                job.NestedChanged(now);
                InvalidateStageIndices(job);
                Mark(SandboxModel.ApplicationStages);
                MarkJoin("ats_join_jobs_application_stages");
                return added.Id;
            case StageAction.Remove:
                stage ??= job.StageList.Count > 1 ? job.StageList[factory.Random.Next(job.StageList.Count - 1)] : throw ControlException.Invalid($"job '{jobId}' has no stage to remove");
                job.StageList.Remove(stage);
                Remove(stage, now);
                job.NestedChanged(now);
                InvalidateStageIndices(job);
                foreach (var application in stage.Applications.ToList())
                {
                    SetStage(application, job.StageList.FirstOrDefault());
                    application.Changed(now);
                    application.CandidateOf?.NestedChanged(now);
                    Mark(SandboxModel.Applications);
                }
                Mark(SandboxModel.ApplicationStages);
                MarkJoin("ats_join_jobs_application_stages");
                return stage.Id;
            default:
                stage ??= job.StageList.FirstOrDefault() ?? throw ControlException.Invalid($"job '{jobId}' has no stage to rename");
                RenameStage(stage, now);
                Mark(SandboxModel.ApplicationStages);
                return stage.Id;
        }
    }

    public IReadOnlyList<string> TagCandidates(int count, IReadOnlyList<string>? ids, string? tagId, bool remove, DateTime now)
    {
        var tag = tagId is null ? null : Tags.Find(tagId) ?? throw ControlException.NotFound($"tag '{tagId}'");
        var candidates = Select(Candidates, count, ids, c => remove ? c.TagList.Count > 0 : tag is null || !c.TagList.Contains(tag));
        foreach (var candidate in candidates)
        {
            var chosen = tag ?? (remove
                ? candidate.TagList[factory.Random.Next(candidate.TagList.Count)]
                : RandomLive(Tags, Tags.Records.Count).FirstOrDefault(t => !candidate.TagList.Contains(t)));
            if (chosen is null)
            {
                continue;
            }
            if (remove)
            {
                candidate.TagList.Remove(chosen);
                chosen.Candidates.Remove(candidate);
            }
            else if (!candidate.TagList.Contains(chosen))
            {
                Link(candidate, chosen);
            }
            candidate.NestedChanged(now);
            candidate.ApplicationList.ForEach(a => a.Invalidate());
        }
        if (candidates.Count > 0)
        {
            MarkJoin("ats_join_candidates_tags");
        }
        return candidates.Select(c => c.Id).ToList();
    }

    /// <summary>
    /// Makes records vanish without a <c>remote_deleted_at</c>, as when Kombo drops a record 14 days after it
    /// disappeared, or silently: only a full read can notice. No <c>data-changed</c> names them.
    /// </summary>
    public IReadOnlyList<string> Purge(SandboxModel model, int count, IReadOnlyList<string>? ids)
    {
        var store = Store(model);
        var purged = ids is { Count: > 0 }
            ? ids.Select(id => store.Find(id) ?? throw ControlException.NotFound($"{model.PathName()} record '{id}'")).ToList()
            : store.Records.Where(r => !r.IsPurged && !r.IsDeleted).Take(count).ToList();
        purged.ForEach(r => r.IsPurged = true);
        return purged.Select(r => r.Id).ToList();
    }

    /// <summary>Blanks the personal fields of records deleted at least <paramref name="olderThan"/> ago, as Kombo does after 14 days.</summary>
    public IReadOnlyList<string> Anonymise(TimeSpan olderThan, DateTime now)
    {
        var cutoff = now - olderThan;
        var anonymised = new List<string>();
        foreach (var candidate in Candidates.Records.Where(c => c.RemoteDeletedAt <= cutoff && !IsAnonymous(c)))
        {
            candidate.FirstName = candidate.LastName = candidate.Company = candidate.Title = candidate.Source = null;
            candidate.PhoneNumbers = [];
            candidate.EmailAddresses = [];
            candidate.SocialMedia = [];
            candidate.Location = null;
            candidate.CustomFields = null;
            candidate.Changed(now);
            candidate.ApplicationList.ForEach(a => a.NestedChanged(now));
            anonymised.Add(candidate.Id);
            Mark(SandboxModel.Candidates);
        }
        foreach (var user in Users.Records.Where(u => u.RemoteDeletedAt <= cutoff && (u.FirstName ?? u.LastName ?? u.Email) is not null))
        {
            user.FirstName = user.LastName = user.Email = null;
            user.Changed(now);
            user.Jobs.ForEach(j => j.Invalidate());
            anonymised.Add(user.Id);
            Mark(SandboxModel.Users);
        }
        return anonymised;
    }

    private static bool IsAnonymous(CandidateRecord c) =>
        c.FirstName is null && c.LastName is null && c.EmailAddresses is null or [] && c.PhoneNumbers is null or [];
}
