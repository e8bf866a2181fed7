using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrleansKombo.JobLinks;

namespace OrleansKombo.Grains.JobLinks;

/// <summary>
/// The link grain's PostgreSQL side: the facts <see cref="JobMatcher"/> decides on, read for a whole call in two
/// statements (exact keys, then titles), and the links it decides, written in one. Keys are compared as migration 0800
/// normalises them (job_code_key, job_post_url_key, job_title_key), the same functions the jobs API filters with.
/// </summary>
public sealed class JobLinkStore(NpgsqlDataSource dataSource)
{
    /// <summary>Jobs read per key and vendor job: more than one live job already makes the key ambiguous.</summary>
    private const int MaxHits = JobMatcher.MaxCandidates;

    public NpgsqlDataSource DataSource => dataSource;

    public async Task<Dictionary<string, StoredLink>> ReadStoredAsync(NpgsqlConnection connection, string integrationId,
        IReadOnlyList<VendorJob> jobs, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT vendor_job_id, status, job_id, confirmed_at
              FROM job_links
             WHERE integration_id = @integration_id AND vendor_job_id = ANY(@ids)
            """, connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("ids", jobs.Select(j => j.VendorJobId).ToArray());
        var stored = new Dictionary<string, StoredLink>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = new StoredLink(
                JobLinkStatuses.Parse(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
        }
        return stored;
    }

    /// <summary>
    /// The facts for each job (by position). Titles are compared only for the jobs in <paramref name="needTitles"/>
    /// (those no key decides), among open jobs: one by one for an integration with few, else through the trigram index.
    /// </summary>
    public async Task<MatchFacts[]> ReadFactsAsync(NpgsqlConnection connection, string integrationId, IReadOnlyList<VendorJob> jobs,
        Func<int, MatchFacts, bool> needTitles, CancellationToken cancellationToken)
    {
        var hits = jobs.Select(_ => JobLinkKeys.InOrder.ToDictionary(k => k, _ => new List<JobHit>())).ToArray();
        await using (var command = new NpgsqlCommand(ExactSql, connection))
        {
            var ords = Enumerable.Range(0, jobs.Count).ToArray();
            command.Parameters.AddWithValue("integration_id", integrationId);
            command.Parameters.AddWithValue("ords", ords);
            command.Parameters.AddWithValue("max_hits", MaxHits);
            foreach (var key in JobLinkKeys.InOrder)
            {
                command.Parameters.AddWithValue(JobLinkKeys.Name(key), NpgsqlDbType.Array | NpgsqlDbType.Text,
                    jobs.Select(j => (object?)JobLinkKeys.ValueOf(j, key) ?? DBNull.Value).ToArray());
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits[reader.GetInt32(0)][JobLinkKeys.InOrder[reader.GetInt32(1)]].Add(
                    new JobHit(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4)));
            }
        }
        var facts = hits.Select(h => new MatchFacts(h.ToDictionary(p => p.Key, p => (IReadOnlyList<JobHit>)p.Value), [])).ToArray();

        var titled = Enumerable.Range(0, jobs.Count).Where(i => needTitles(i, facts[i])).ToArray();
        if (titled.Length == 0)
        {
            return facts;
        }
        var similar = titled.ToDictionary(i => i, _ => new List<JobCandidate>());
        bool scan;
        await using (var open = new NpgsqlCommand("SELECT count(*) FROM job_view WHERE integration_id = @integration_id AND active", connection))
        {
            open.Parameters.AddWithValue("integration_id", integrationId);
            scan = (long)(await open.ExecuteScalarAsync(cancellationToken))! <= ScanUpToOpenJobs;
        }
        await using var batch = new NpgsqlBatch(connection);
        if (!scan)
        {
            // `%` uses the index and reads its threshold from this setting; `true`: for this transaction only.
            var threshold = new NpgsqlBatchCommand("SELECT set_config('pg_trgm.similarity_threshold', @threshold, true)");
            threshold.Parameters.AddWithValue("threshold", JobMatcher.SimilarityThreshold.ToString(CultureInfo.InvariantCulture));
            batch.BatchCommands.Add(threshold);
        }
        var titles = new NpgsqlBatchCommand(scan ? TitleScanSql : TitleIndexSql);
        titles.Parameters.AddWithValue("integration_id", integrationId);
        titles.Parameters.AddWithValue("ords", titled);
        titles.Parameters.AddWithValue("titles", titled.Select(i => jobs[i].Title).ToArray());
        titles.Parameters.AddWithValue("max_candidates", JobMatcher.MaxCandidates);
        if (scan)
        {
            titles.Parameters.AddWithValue("threshold", JobMatcher.SimilarityThreshold);
        }
        batch.BatchCommands.Add(titles);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (!scan)
            {
                await reader.NextResultAsync(cancellationToken);
            }
            while (await reader.ReadAsync(cancellationToken))
            {
                similar[reader.GetInt32(0)].Add(new JobCandidate(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    Math.Round(reader.GetDouble(3), 3)));
            }
        }
        foreach (var (i, candidates) in similar)
        {
            facts[i] = facts[i] with { Similar = candidates };
        }
        return facts;
    }

    /// <summary>
    /// One block per key, in <see cref="JobLinkKeys.InOrder"/>'s order (the second column is the key's position), each an
    /// index probe per vendor job; live jobs first, so the first rows tell whether a key is unique among live jobs. Each
    /// vendor key is normalised once, before the probes (OFFSET 0 keeps the subquery apart): inlined, it was normalised
    /// again for every job of the integration the planner walked when the integration was newer than the statistics.
    /// </summary>
    private static readonly string ExactSql = string.Join("\nUNION ALL\n", new[]
    {
        ("remote_id", "remote_id", "v.value"),
        ("job_code", "job_code_key", "job_code_key(v.value)"),
        ("post_url", "post_url_key", "job_post_url_key(v.value)"),
    }.Select((key, position) => $"""
        SELECT v.ord, {position}, h.id, h.name, h.deleted
          FROM (SELECT v.ord, {key.Item3} AS key FROM unnest(@ords::int[], @{key.Item1}::text[]) AS v(ord, value) OFFSET 0) AS v
         CROSS JOIN LATERAL (SELECT j.id, j.record->>'name' AS name, j.remote_deleted_at IS NOT NULL AS deleted
                               FROM ats_jobs j
                              WHERE j.integration_id = @integration_id AND j.{key.Item2} = v.key
                              ORDER BY j.remote_deleted_at IS NOT NULL, j.id
                              LIMIT @max_hits) AS h
         WHERE v.key IS NOT NULL
        """));

    /// <summary>
    /// Up to this many open jobs, titles are compared with every open job of the integration rather than through the
    /// trigram index: the index's posting lists hold every integration's jobs, so one probe costs about 10–20 ms once
    /// any integration is large, while a comparison costs about 5 µs (measured on 2026-11-30 with 99 titles against
    /// 300 open jobs beside an integration of 20,000: 0.06 s scanning, 0.9 s through the index; against 11,000 open
    /// jobs: 5 s scanning, 2 s through the index).
    /// </summary>
    private const int ScanUpToOpenJobs = 4_000;

    /// <summary>
    /// Each distinct title key once (job_title_key is computed once per vendor title, never per compared job); the vendor
    /// jobs join back on it.
    /// </summary>
    private const string VendorKeys = """
        WITH v AS MATERIALIZED (SELECT u.ord, job_title_key(u.title) AS key FROM unnest(@ords::int[], @titles::text[]) AS u(ord, title)),
        k AS MATERIALIZED (SELECT DISTINCT key FROM v WHERE key IS NOT NULL)
        """;

    /// <summary>The closest open titles through the trigram index on job_title_key (`%`: similarity at least the threshold).</summary>
    private const string TitleIndexSql = VendorKeys + """

        SELECT v.ord, c.id, c.name, c.score
          FROM k
         CROSS JOIN LATERAL (SELECT j.id, j.record->>'name' AS name, similarity(j.title_key, k.key)::float8 AS score
                               FROM job_view j
                              WHERE j.integration_id = @integration_id AND j.title_key % k.key AND j.active
                              ORDER BY score DESC, j.id
                              LIMIT @max_candidates) AS c
          JOIN v ON v.key = k.key
        """;

    /// <summary>The closest open titles by comparing each with every open job, read once.</summary>
    private const string TitleScanSql = VendorKeys + """
        , open AS MATERIALIZED (SELECT j.id, j.record->>'name' AS name, j.title_key
                                  FROM job_view j
                                 WHERE j.integration_id = @integration_id AND j.active AND j.title_key IS NOT NULL)
        SELECT v.ord, c.id, c.name, c.score
          FROM k
         CROSS JOIN LATERAL (SELECT o.id, o.name, similarity(o.title_key, k.key)::float8 AS score
                               FROM open o
                              WHERE similarity(o.title_key, k.key) >= @threshold::real
                              ORDER BY score DESC, o.id
                              LIMIT @max_candidates) AS c
          JOIN v ON v.key = k.key
        """;

    /// <summary>
    /// Stores the decided links, one row per vendor job. A row whose content is unchanged keeps its updated_at, so
    /// posting the same jobs again changes nothing.
    /// </summary>
    public async Task WriteAsync(NpgsqlConnection connection, string integrationId,
        IReadOnlyList<(VendorJob Job, JobLinkDecision Decision)> links, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO job_links AS l (integration_id, vendor_job_id, title, job_code, post_url, remote_id, status, job_id,
                                        matched_on, confirmed_at, candidates, note)
            SELECT @integration_id, v.vendor_job_id, v.title, v.job_code, v.post_url, v.remote_id, v.status, v.job_id,
                   v.matched_on, v.confirmed_at, v.candidates::jsonb, v.note
              FROM unnest(@vendor_job_ids, @titles, @job_codes, @post_urls, @remote_ids, @statuses, @job_ids, @matched_on,
                          @confirmed_at, @candidates, @notes)
                   AS v(vendor_job_id, title, job_code, post_url, remote_id, status, job_id, matched_on, confirmed_at, candidates, note)
            ON CONFLICT (integration_id, vendor_job_id) DO UPDATE SET
                title = excluded.title, job_code = excluded.job_code, post_url = excluded.post_url,
                remote_id = excluded.remote_id, status = excluded.status, job_id = excluded.job_id,
                matched_on = excluded.matched_on, confirmed_at = excluded.confirmed_at, candidates = excluded.candidates,
                note = excluded.note, updated_at = now()
            WHERE (l.title, l.job_code, l.post_url, l.remote_id, l.status, l.job_id, l.matched_on, l.confirmed_at, l.candidates, l.note)
                  IS DISTINCT FROM
                  (excluded.title, excluded.job_code, excluded.post_url, excluded.remote_id, excluded.status, excluded.job_id,
                   excluded.matched_on, excluded.confirmed_at, excluded.candidates, excluded.note)
            """, connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("vendor_job_ids", links.Select(l => l.Job.VendorJobId).ToArray());
        command.Parameters.AddWithValue("titles", links.Select(l => l.Job.Title).ToArray());
        AddTexts(command, "job_codes", links.Select(l => l.Job.JobCode));
        AddTexts(command, "post_urls", links.Select(l => l.Job.PostUrl));
        AddTexts(command, "remote_ids", links.Select(l => l.Job.RemoteId));
        command.Parameters.AddWithValue("statuses", links.Select(l => JobLinkStatuses.Name(l.Decision.Status)).ToArray());
        AddTexts(command, "job_ids", links.Select(l => l.Decision.JobId));
        AddTexts(command, "matched_on", links.Select(l => l.Decision.MatchedOn is { } key ? JobLinkKeys.Name(key) : null));
        command.Parameters.AddWithValue("confirmed_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            links.Select(l => (object?)l.Decision.ConfirmedAt ?? DBNull.Value).ToArray());
        command.Parameters.AddWithValue("candidates", links.Select(l => Candidates(l.Decision.Candidates)).ToArray());
        AddTexts(command, "notes", links.Select(l => l.Decision.Note));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A human's link: refused for an unknown link or job, or a job deleted in the ATS.</summary>
    public async Task<JobLinkAnswer> ConfirmAsync(string integrationId, string vendorJobId, string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH job AS (SELECT id, remote_deleted_at FROM ats_jobs WHERE integration_id = @integration_id AND id = @job_id),
            confirmed AS (
                UPDATE job_links
                   SET status = @linked, job_id = @job_id, matched_on = NULL, confirmed_at = now(), candidates = '[]', note = NULL,
                       updated_at = now()
                 WHERE integration_id = @integration_id AND vendor_job_id = @vendor_job_id
                   AND EXISTS (SELECT 1 FROM job WHERE remote_deleted_at IS NULL)
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM job_links WHERE integration_id = @integration_id AND vendor_job_id = @vendor_job_id),
                   EXISTS (SELECT 1 FROM job),
                   EXISTS (SELECT 1 FROM job WHERE remote_deleted_at IS NOT NULL),
                   EXISTS (SELECT 1 FROM confirmed)
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("vendor_job_id", vendorJobId);
        command.Parameters.AddWithValue("job_id", jobId);
        command.Parameters.AddWithValue("linked", JobLinkStatuses.Name(JobLinkStatus.Linked));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (linkKnown, jobKnown, jobDeleted, confirmed) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3));
        return confirmed ? JobLinkAnswer.Done
            : !linkKnown ? new JobLinkAnswer(JobLinkOutcome.UnknownLink, $"No job link for vendor job '{vendorJobId}'.")
            : !jobKnown ? new JobLinkAnswer(JobLinkOutcome.UnknownJob, $"job_id '{jobId}' names no job of integration '{integrationId}'.")
            : jobDeleted ? new JobLinkAnswer(JobLinkOutcome.JobDeleted, $"Job '{jobId}' was deleted in the ATS; link a job that exists.")
            : new JobLinkAnswer(JobLinkOutcome.UnknownLink, $"No job link for vendor job '{vendorJobId}'.");
    }

    public async Task<JobLinkAnswer> DeleteAsync(string integrationId, string vendorJobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM job_links WHERE integration_id = @integration_id AND vendor_job_id = @vendor_job_id");
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("vendor_job_id", vendorJobId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0
            ? JobLinkAnswer.Done
            : new JobLinkAnswer(JobLinkOutcome.UnknownLink, $"No job link for vendor job '{vendorJobId}'.");
    }

    private static string Candidates(IReadOnlyList<JobCandidate> candidates) =>
        JsonSerializer.Serialize(candidates.Select(c => new { job_id = c.JobId, name = c.Name, score = c.Score }));

    private static void AddTexts(NpgsqlCommand command, string name, IEnumerable<string?> values) =>
        command.Parameters.AddWithValue(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values.Select(v => (object?)v ?? DBNull.Value).ToArray());
}
