using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;
using OrleansKombo.JobLinks;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// An integration's jobs with their lifecycle (state, active, since) and whether its job selection selects them, filtered
/// by the jobs API's own filters (<see cref="JobFilters"/>: q, status, active, selected, job_code, post_url, remote_id)
/// and read as the API reads them (<see cref="JobsApi.Read"/>); deleted jobs are left out. It shows the job selection's mode
/// (<see cref="JobSelectionApi.SelectionAsync"/>) and each job's links to vendor jobs (<see cref="JobLinksApi.LinksToJobsAsync"/>),
/// and switches the mode and selects or unselects a job through the job selection API's own code. It lists the
/// integration's vendor job links (<see cref="JobLinksApi.LinksAsync"/>) and links a vendor job, confirms a link to a
/// candidate (or any job) and unlinks one through the job links API's own code (<see cref="JobLinkCommands"/>): a refusal
/// shows the API's status and message.
/// </summary>
public sealed class JobsModel(NpgsqlDataSource db, IClusterClient cluster, ILogger<JobsModel> logger) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public List<JsonObject> Rows { get; private set; } = [];

    public string? Problem { get; private set; }

    public JsonObject Selection { get; private set; } = null!;

    /// <summary>The chosen jobs (the selection's job_ids): in mode SELECTED, the selected ones.</summary>
    public HashSet<string> Chosen { get; private set; } = [];

    /// <summary>Each shown job's links to vendor jobs, by job id.</summary>
    public ILookup<string, JsonObject> Links { get; private set; } = null!;

    /// <summary>The integration's vendor job links, the first <see cref="PageSize"/> by vendor_job_id, with their candidates.</summary>
    public List<JsonObject> VendorLinks { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public string Query(string name) => Request.Query[name].ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, Id, cancellationToken))
        {
            return NotFound();
        }
        if (!JobFilters.TryRead(Request, out var filters, out _))
        {
            Problem = "A filter has a value the jobs list does not take; showing every job.";
            filters = new JobFilters(null, null, null, null, null, null, null);
        }
        await using var command = db.CreateCommand($"""
            SELECT {JobsApi.Columns} FROM job_view r
             WHERE r.integration_id = @integration AND r.deleted_at IS NULL{filters.Conditions}
             ORDER BY r.id LIMIT @limit
            """);
        command.Parameters.AddWithValue("integration", Id);
        command.Parameters.AddWithValue("limit", PageSize);
        filters.AddParameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Rows.Add(JobsApi.Read(reader));
        }
        Selection = await JobSelectionApi.SelectionAsync(db, Id, cancellationToken);
        Chosen = (Selection["job_ids"] as JsonArray ?? []).Select(id => (string)id!).ToHashSet(StringComparer.Ordinal);
        var jobIds = Rows.Select(r => (string)r["id"]!).ToArray();
        Links = (await JobLinksApi.LinksToJobsAsync(db, Id, jobIds, cancellationToken)).ToLookup(l => (string)l["job_id"]!, StringComparer.Ordinal);
        VendorLinks = await JobLinksApi.LinksAsync(db, Id, PageSize, cancellationToken);
        return Page();
    }

    /// <summary>Switches ALL/SELECTED as <c>PUT …/job-selection</c> does, keeping the chosen jobs.</summary>
    public async Task<IActionResult> OnPostModeAsync([FromForm] string mode, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, Id, cancellationToken))
        {
            return NotFound();
        }
        var result = await JobSelectionActions.SwitchModeAsync(Id, mode, db, cluster, logger, cancellationToken);
        return Answered(result, $"The job selection's mode is {mode}.");
    }

    /// <summary>Selects or unselects one job as <c>PUT</c>/<c>DELETE …/jobs/{job_id}/selection</c> do.</summary>
    public async Task<IActionResult> OnPostChooseAsync([FromForm(Name = "job_id")] string jobId, [FromForm] bool chosen,
        CancellationToken cancellationToken)
    {
        var result = await JobSelectionApi.ChooseAsync(Id, jobId, chosen, db, cluster, logger, cancellationToken);
        return Answered(result, chosen ? $"Job {jobId} is chosen." : $"Job {jobId} is no longer chosen.");
    }

    /// <summary>Links one vendor job as <c>POST …/job-links</c> does with it, and says what the match decided.</summary>
    public async Task<IActionResult> OnPostLinkAsync([FromForm(Name = "vendor_job_id")] string? vendorJobId, [FromForm] string? title,
        [FromForm(Name = "job_code")] string? jobCode, [FromForm(Name = "post_url")] string? postUrl, [FromForm(Name = "remote_id")] string? remoteId,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<VendorJob> jobs = [new(JobLinkCommands.Field(vendorJobId) ?? "", JobLinkCommands.Field(title) ?? "",
            JobLinkCommands.Field(jobCode), JobLinkCommands.Field(postUrl), JobLinkCommands.Field(remoteId))];
        var result = JobLinkCommands.Problem(VendorJobRules.Problems(jobs)) is { } problem
            ? ApiError.BadRequest(problem)
            : await JobLinkCommands.LinkAsync(Id, jobs, db, cluster, logger, cancellationToken);
        return Answered(result, ApiAnswer.Body(result)?["results"]?[0] is { } link ? Decided(link) : "");
    }

    /// <summary>Confirms a vendor job's link to a job (a candidate or any other) as <c>POST …/job-links/{vendor_job_id}/confirm</c> does.</summary>
    public async Task<IActionResult> OnPostConfirmAsync([FromForm(Name = "vendor_job_id")] string vendorJobId, [FromForm(Name = "job_id")] string? jobId,
        CancellationToken cancellationToken)
    {
        if (JobLinkCommands.Field(jobId) is not { } job)
        {
            Message = $"Vendor job {vendorJobId}: choose the job to link it to.";
            return RedirectToPage(new { id = Id });
        }
        var result = await JobLinkCommands.ConfirmAsync(Id, vendorJobId, job, db, cluster, logger, cancellationToken);
        return Answered(result, $"Vendor job {vendorJobId} is linked to job {job}, confirmed.");
    }

    /// <summary>Removes a vendor job's link as <c>DELETE …/job-links/{vendor_job_id}</c> does.</summary>
    public async Task<IActionResult> OnPostUnlinkAsync([FromForm(Name = "vendor_job_id")] string vendorJobId, CancellationToken cancellationToken)
    {
        var result = await JobLinkCommands.UnlinkAsync(Id, vendorJobId, db, cluster, logger, cancellationToken);
        return Answered(result, $"Vendor job {vendorJobId} is unlinked.");
    }

    private static string Decided(JsonNode link) => JobLinkStatuses.Parse((string)link["status"]!) switch
    {
        JobLinkStatus.Linked => $"Vendor job {link["vendor_job_id"]} is LINKED to job {link["job_id"]} (matched on {link["matched_on"]}).",
        JobLinkStatus.NeedsConfirmation => $"Vendor job {link["vendor_job_id"]} NEEDS_CONFIRMATION: {(link["candidates"] as JsonArray)?.Count ?? 0} candidates below.",
        _ => $"Vendor job {link["vendor_job_id"]}: {link["status"]}.",
    };

    private IActionResult Answered(IResult result, string done)
    {
        Message = ApiAnswer.Said(result, done);
        return RedirectToPage(new { id = Id });
    }
}
