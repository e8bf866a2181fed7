using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// An integration's jobs with their lifecycle (state, active, since) and whether its job selection selects them, filtered
/// by the jobs API's own filters (<see cref="JobFilters"/>: q, status, active, selected, job_code, post_url, remote_id)
/// and read as the API reads them (<see cref="JobsApi.Read"/>); deleted jobs are left out.
/// </summary>
public sealed class JobsModel(NpgsqlDataSource db) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public List<JsonObject> Rows { get; private set; } = [];

    public string? Problem { get; private set; }

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
        return Page();
    }
}
