using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// An integration's job selection as <c>GET …/job-selection</c> shows it (<see cref="JobSelectionApi.SelectionAsync"/>): the
/// mode, the chosen jobs (with their lifecycle) and the selected jobs that are no longer active, with the reason and since
/// when. The mode is switched and a chosen job unchosen through the job selection API's own code.
/// </summary>
public sealed class JobSelectionModel(NpgsqlDataSource db, IClusterClient cluster, ILogger<JobSelectionModel> logger) : PageModel
{
    /// <summary>Chosen jobs shown; a selection may hold 50,000, which the API lists.</summary>
    public const int Shown = 200;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public JsonObject Selection { get; private set; } = null!;

    /// <summary>The first <see cref="Shown"/> chosen jobs, as the jobs API shows them.</summary>
    public List<JsonObject> Chosen { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, Id, cancellationToken))
        {
            return NotFound();
        }
        Selection = await JobSelectionApi.SelectionAsync(db, Id, cancellationToken);
        await using var command = db.CreateCommand($"""
            SELECT {JobsApi.Columns} FROM job_view r WHERE r.integration_id = @integration AND r.chosen ORDER BY r.id LIMIT @limit
            """);
        command.Parameters.AddWithValue("integration", Id);
        command.Parameters.AddWithValue("limit", Shown);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Chosen.Add(JobsApi.Read(reader));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostModeAsync([FromForm] string mode, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, Id, cancellationToken))
        {
            return NotFound();
        }
        var result = await JobSelectionActions.SwitchModeAsync(Id, mode, db, cluster, logger, cancellationToken);
        Message = ApiAnswer.Said(result, $"The job selection's mode is {mode}.");
        return RedirectToPage(new { id = Id });
    }

    /// <summary>Takes a job out of the chosen ones as <c>DELETE …/jobs/{job_id}/selection</c> does.</summary>
    public async Task<IActionResult> OnPostUnchooseAsync([FromForm(Name = "job_id")] string jobId, CancellationToken cancellationToken)
    {
        var result = await JobSelectionApi.ChooseAsync(Id, jobId, false, db, cluster, logger, cancellationToken);
        Message = ApiAnswer.Said(result, $"Job {jobId} is no longer chosen.");
        return RedirectToPage(new { id = Id });
    }
}
