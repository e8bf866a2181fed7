using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Data;

/// <summary>
/// Makes realistic records from one seeded <see cref="Random"/>: the same seed and calls give the same records.
/// Nullable fields are null some of the time, enum fields sometimes carry the ATS's raw string. Job titles, codes and
/// post URLs come from <paramref name="identities"/>, whose draws are its own.
/// </summary>
internal sealed class RecordFactory(Random random, string tool, JobIdentities identities)
{
    private int remoteCounter = 1000;

    public Random Random => random;

    /// <summary>A title of the family the factory's stream picks (one draw, as a pick from the title list always was).</summary>
    public string JobTitle() => identities.Title(random.Next(Vocabulary.JobTitles.Length));

    public string NewId() => KomboIds.Next(random);

    private string NextRemoteId() => (++remoteCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string? Maybe(string value, double nullChance = 0.1) => Chance(nullChance) ? null : value;

    /// <summary>A time between <paramref name="from"/> and <paramref name="to"/>, to the millisecond.</summary>
    public DateTime Between(DateTime from, DateTime to)
    {
        var span = Math.Max(0, (to - from).TotalMilliseconds);
        return from.AddMilliseconds(Math.Floor(random.NextDouble() * span));
    }

    public UserRecord User(DateTime createdAt)
    {
        var (first, firstAscii) = Pick(Vocabulary.FirstNames);
        var (last, lastAscii) = Pick(Vocabulary.LastNames);
        var remoteId = NextRemoteId();
        var role = Pick(new[] { "ADMIN", "RECRUITER", "HIRING_MANAGER", "INTERVIEWER", "COORDINATOR" });
        return new UserRecord
        {
            Id = NewId(),
            RemoteId = remoteId,
            FirstName = Maybe(first, 0.03),
            LastName = Maybe(last, 0.03),
            Email = Chance(0.05) ? null : $"{firstAscii}.{lastAscii}{remoteId}@example-corp.com",
            Status = Chance(0.85) ? "ACTIVE" : Chance(0.7) ? "INACTIVE" : null,
            SystemRoles = Chance(0.8) ? [new RoleAssignment(NextRemoteId(), role[0] + role[1..].ToLowerInvariant().Replace('_', ' '), "SYSTEM", role)] : [],
            ChangedAt = createdAt,
            UpdatedAt = createdAt,
        };
    }

    public TagRecord Tag(int index, DateTime createdAt)
    {
        var name = Vocabulary.TagNames[index % Vocabulary.TagNames.Length];
        return new TagRecord
        {
            Id = NewId(),
            RemoteId = Chance(0.1) ? null : NextRemoteId(),
            Name = index < Vocabulary.TagNames.Length ? name : $"{name} {index / Vocabulary.TagNames.Length + 1}",
            ChangedAt = createdAt,
            UpdatedAt = createdAt,
        };
    }

    public StageRecord Stage(string name, DateTime createdAt) => new()
    {
        Id = NewId(),
        RemoteId = Chance(0.05) ? null : NextRemoteId(),
        Name = name,
        ChangedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>A job with its pipeline (returned separately: stages are records of their own) and hiring team.</summary>
    public (JobRecord Job, List<StageRecord> Stages) Job(DateTime createdAt, IReadOnlyList<UserRecord> users)
    {
        var remoteId = NextRemoteId();
        var status = WeightedStatus();
        var opened = createdAt.AddDays(random.Next(0, 10));
        // In the order the initializer used to draw them: the id, then the name.
        var id = NewId();
        var name = Chance(0.02) ? null : JobTitle();
        var job = new JobRecord
        {
            Id = id,
            RemoteId = remoteId,
            Name = name,
            JobCode = Chance(0.15) ? null : identities.Code(createdAt, remoteId),
            Description = Chance(0.05) ? null : string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Vocabulary.DescriptionParagraphs))),
            Confidential = Chance(0.1) ? null : Chance(0.05),
            WeeklyHours = Chance(0.2) ? null : Pick(new double[] { 40, 37.5, 20, 30 }),
            EmploymentType = EnumOrRaw(["FULL_TIME", "PART_TIME", "CONTRACT", "SEASONAL", "INTERNSHIP"], Vocabulary.RawEmploymentTypes),
            Status = status,
            Visibility = EnumOrRaw(["PUBLIC", "PUBLIC", "INTERNAL", "UNLISTED", "CONFIDENTIAL"], Vocabulary.RawVisibilities),
            Category = Maybe(Pick(Vocabulary.Categories), 0.3),
            Department = Maybe(Pick(Vocabulary.Departments), 0.15),
            PostUrl = Chance(0.3) ? null : identities.PostUrl(remoteId, name),
            ExperienceLevel = Maybe(Pick(Vocabulary.ExperienceLevels), 0.3),
            RemoteWorkStatus = EnumOrRaw(["REMOTE", "HYBRID", "ON_SITE", "TEMPORARY"], Vocabulary.RawRemoteStatuses),
            Location = Chance(0.1) ? null : Pick(Vocabulary.Locations),
            CustomFields = Chance(0.3) ? null : new Dictionary<string, object?> { ["cost_center"] = $"CC-{random.Next(100, 999)}", ["headcount"] = random.Next(1, 5) },
            RemoteUrl = $"https://app.{tool}.example/jobs/{remoteId}",
            OpenedAt = status is "DRAFT" ? null : opened,
            ClosedAt = status is "CLOSED" or "ARCHIVED" ? opened.AddDays(random.Next(10, 120)) : Chance(0.05) ? opened.AddDays(400) : null,
            RemoteCreatedAt = createdAt,
            RemoteUpdatedAt = createdAt,
            ContactId = users.Count == 0 || Chance(0.3) ? null : Pick(users).Id,
            ChangedAt = createdAt,
            UpdatedAt = createdAt,
        };
        Salary(job);
        job.ScreeningQuestions = Enumerable.Range(0, random.Next(0, 4)).Select(ScreeningQuestion).ToList();
        job.JobPostings = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Posting(job)).ToList();
        var team = users.Count == 0 ? [] : Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(users)).Distinct().ToList();
        job.HiringTeam = team.Select((u, i) => new HiringTeamMember(u, i == 0 ? "HIRING_MANAGER" : "RECRUITER")).ToList();
        var count = random.Next(4, 8);
        var names = Vocabulary.StageNames.Take(count - 1).Append("Hired").Distinct();
        return (job, names.Select(n => Stage(n, createdAt)).ToList());
    }

    private string? WeightedStatus()
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.60 => "OPEN",
            < 0.80 => "CLOSED",
            < 0.88 => "DRAFT",
            < 0.95 => "ARCHIVED",
            < 0.98 => Pick(Vocabulary.RawStatuses),
            _ => null,
        };
    }

    private string? EnumOrRaw(string[] values, string[] raw) =>
        random.NextDouble() switch
        {
            < 0.06 => null,
            < 0.12 => Pick(raw),
            _ => Pick(values),
        };

    private void Salary(JobRecord job)
    {
        if (Chance(0.25))
        {
            return;
        }
        job.SalaryCurrency = Pick(new[] { "EUR", "EUR", "USD", "GBP", "CHF" });
        var period = EnumOrRaw(["YEAR", "YEAR", "MONTH", "HOUR"], Vocabulary.RawSalaryPeriods);
        job.SalaryPeriod = period;
        var baseAmount = period == "HOUR" ? random.Next(15, 80) : period == "MONTH" ? random.Next(30, 90) * 100 : random.Next(35, 140) * 1000;
        if (Chance(0.5))
        {
            job.SalaryAmount = baseAmount;
        }
        else
        {
            job.SalaryAmountFrom = baseAmount;
            job.SalaryAmountTo = Math.Round(baseAmount * 1.25);
        }
    }

    private ScreeningQuestion ScreeningQuestion(int index)
    {
        var (title, format) = random.Next(4) switch
        {
            0 => ("Which is your primary programming language?", new Dictionary<string, object?>
            {
                ["type"] = "SINGLE_SELECT",
                ["display_type"] = "DROPDOWN",
                ["options"] = new[] { Option("TypeScript"), Option("C#"), Option("Python") },
            }),
            1 => ("Warum möchten Sie bei uns arbeiten?", new Dictionary<string, object?> { ["type"] = "TEXT", ["display_type"] = "MULTI_LINE", ["max_length"] = 2000 }),
            2 => ("Do you have a valid work permit?", new Dictionary<string, object?> { ["type"] = "BOOLEAN" }),
            _ => ("Years of experience", new Dictionary<string, object?> { ["type"] = "NUMBER", ["display_type"] = "FIELD", ["min"] = 0, ["max"] = 50 }),
        };
        return new ScreeningQuestion(NewId(), NewGuid(), title, Chance(0.5) ? null : "<p>Please answer honestly.</p>",
            format, Chance(0.9) ? null : "EEO", index, Chance(0.2) ? null : Chance(0.5), null, null);
    }

    private string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private Dictionary<string, object?> Option(string name) => new() { ["id"] = NewId(), ["remote_id"] = NextRemoteId(), ["name"] = name };

    private JobPosting Posting(JobRecord job) => new(
        NewId(), NextRemoteId(), job.Name, job.Description,
        Pick(new[] { "ACTIVE", "ACTIVE", "INACTIVE", "DRAFT" }), Chance(0.1) ? null : Pick(new[] { "PUBLIC", "INTERNAL", "UNLISTED" }),
        job.PostUrl, null);

    public CandidateRecord Candidate(DateTime createdAt)
    {
        var (first, firstAscii) = Pick(Vocabulary.FirstNames);
        var (last, lastAscii) = Pick(Vocabulary.LastNames);
        var remoteId = NextRemoteId();
        return new CandidateRecord
        {
            Id = NewId(),
            RemoteId = remoteId,
            FirstName = Maybe(first, 0.02),
            LastName = Maybe(last, 0.02),
            Company = Maybe(Pick(Vocabulary.Companies), 0.4),
            Title = Maybe(Pick(Vocabulary.CandidateTitles), 0.4),
            Confidential = Chance(0.3) ? null : Chance(0.03),
            Source = Maybe(Pick(Vocabulary.Sources), 0.2),
            PhoneNumbers = Chance(0.03) ? null : Enumerable.Range(0, random.Next(0, 3))
                .Select(_ => new PhoneNumber(Pick(Vocabulary.Phones), Chance(0.3) ? null : Pick(new[] { "MOBILE", "HOME", "WORK", "Handy" }))).ToList(),
            EmailAddresses = Chance(0.02) ? null : Enumerable.Range(0, random.Next(1, 3))
                .Select(i => new EmailAddress($"{firstAscii}.{lastAscii}{(i == 0 ? "" : "+" + i)}.{remoteId}@{Pick(new[] { "gmail.com", "web.de", "example.org" })}",
                    Chance(0.3) ? null : i == 0 ? "PERSONAL" : "WORK")).ToList(),
            SocialMedia = Chance(0.6) ? [] : [new SocialMedia($"https://www.linkedin.com/in/{firstAscii}-{lastAscii}-{remoteId}", "LINKEDIN", Chance(0.5) ? null : $"{firstAscii}{lastAscii}")],
            Location = Chance(0.3) ? null : Pick(Vocabulary.Locations),
            CustomFields = Chance(0.5) ? null : new Dictionary<string, object?> { ["desired_salary"] = $"{random.Next(40, 120)}k", ["notice_period_weeks"] = random.Next(0, 13) },
            RemoteUrl = $"https://app.{tool}.example/people/{remoteId}",
            RemoteCreatedAt = createdAt,
            RemoteUpdatedAt = createdAt,
            ChangedAt = createdAt,
            UpdatedAt = createdAt,
        };
    }

    public ApplicationRecord Application(DateTime createdAt, JobRecord job)
    {
        var remoteId = NextRemoteId();
        var roll = random.NextDouble();
        var outcome = roll < 0.7 ? "PENDING" : roll < 0.95 ? "DECLINED" : roll < 0.98 ? "HIRED" : null;
        return new ApplicationRecord
        {
            Id = NewId(),
            RemoteId = Chance(0.02) ? null : remoteId,
            Outcome = outcome,
            RejectionReasonName = outcome == "DECLINED" && Chance(0.8) ? Pick(Vocabulary.RejectionReasons) : null,
            RejectedAt = outcome == "DECLINED" ? createdAt.AddDays(random.Next(1, 30)) : null,
            ScreeningQuestionAnswers = Chance(0.05) ? null : job.ScreeningQuestions.Where(_ => Chance(0.8)).Select(Answer).ToList(),
            CustomFields = Chance(0.6) ? null : new Dictionary<string, object?> { ["referrer"] = Chance(0.5) ? null : "Max Mustermann" },
            RemoteUrl = $"https://app.{tool}.example/applications/{remoteId}",
            RemoteCreatedAt = createdAt,
            RemoteUpdatedAt = createdAt,
            Interviews = Enumerable.Range(0, Chance(0.7) ? 0 : random.Next(1, 3)).Select(_ => Interview(createdAt)).ToList(),
            Offers = outcome == "HIRED" || Chance(0.02) ? [new Offer(NewId(), NextRemoteId(), outcome == "HIRED" ? "ACCEPTED" : Pick(new[] { "SENT", "DRAFT", "DECLINED" }))] : [],
            ChangedAt = createdAt,
            UpdatedAt = createdAt,
        };
    }

    private ScreeningAnswer Answer(ScreeningQuestion question)
    {
        var type = (string)question.Format!["type"]!;
        var answer = type switch
        {
            "SINGLE_SELECT" => new Dictionary<string, object?> { ["choice"] = Pick(new[] { "TypeScript", "C#", "Python" }) },
            "TEXT" => new Dictionary<string, object?> { ["content"] = Chance(0.1) ? null : "Weil mir die Mission gefällt – and the team." },
            "BOOLEAN" => new Dictionary<string, object?> { ["checked"] = Chance(0.8) },
            _ => new Dictionary<string, object?> { ["number"] = random.Next(0, 20) },
        };
        return new ScreeningAnswer(answer, new ScreeningAnswerQuestion(question.RemoteId, question.Title ?? "", type));
    }

    private Interview Interview(DateTime createdAt)
    {
        var start = createdAt.AddDays(random.Next(2, 40)).Date.AddHours(random.Next(8, 17));
        return new Interview(NewId(), NextRemoteId(), "Interview", start, start.AddHours(1), Chance(0.5) ? null : Pick(Vocabulary.Locations), Chance(0.1));
    }
}
