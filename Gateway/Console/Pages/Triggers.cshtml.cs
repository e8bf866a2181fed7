using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// An integration's trigger rules and their warnings as <c>GET /api/integrations/{id}/triggers</c> shows them
/// (<see cref="TriggersApi.RulesAsync"/>), and the operator's replacement of the whole set by pasted JSON, through the
/// same code as <c>PUT …/triggers</c> (<see cref="TriggersApi.ReplaceAsync"/>): a 400 shows the API's message.
/// </summary>
public sealed class TriggersModel(NpgsqlDataSource db, IClusterClient cluster, ILogger<TriggersModel> logger) : PageModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    /// <summary>The pasted body: <c>{"rules": [...]}</c>, as PUT takes it.</summary>
    [BindProperty]
    public string Rules { get; set; } = "";

    public JsonObject Stored { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, Id, cancellationToken))
        {
            return NotFound();
        }
        Stored = await TriggersApi.RulesAsync(db, Id, cancellationToken);
        Rules = new JsonObject { ["rules"] = Stored["rules"]?.DeepClone() }.ToJsonString(Indented);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(Rules ?? ""));
        var result = await TriggersApi.ReplaceAsync(Id, body, db, cluster, logger, cancellationToken);
        var status = ApiAnswer.Status(result);
        if (status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        if (status == StatusCodes.Status200OK)
        {
            var stored = (result as IValueHttpResult)?.Value as JsonObject;
            Message = $"Stored {(stored?["rules"] as JsonArray)?.Count ?? 0} rules.";
            return RedirectToPage(new { id = Id });
        }
        // The pasted text stays in the box, so the operator can mend it.
        Problem = $"Not stored ({status}): {ApiAnswer.Message(result)}";
        Stored = await TriggersApi.RulesAsync(db, Id, cancellationToken);
        return Page();
    }
}
