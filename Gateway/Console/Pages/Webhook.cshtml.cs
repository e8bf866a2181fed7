using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.Webhooks;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>One inbox entry as the API shows it (the body as kept: minimised), and its replay through the API's own code.</summary>
public sealed class WebhookModel(WebhookInbox inbox, WebhookProcessor processor) : PageModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public WebhooksApi.WebhookView Entry { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public string? Body => Entry.Body is { } body ? JsonSerializer.Serialize(body, Indented) : null;

    public string? Answer => Entry.Answer?.Body is { } body ? JsonSerializer.Serialize(body, Indented) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await inbox.GetAsync(Id, cancellationToken) is not { } entry)
        {
            return NotFound();
        }
        Entry = WebhooksApi.View(entry, withBody: true);
        return Page();
    }

    public async Task<IActionResult> OnPostReplayAsync(CancellationToken cancellationToken)
    {
        var result = await WebhooksApi.ReplayAsync(Id, inbox, processor, cancellationToken);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        Message = status == StatusCodes.Status200OK
            ? "Replayed: the event was handed to its grain again."
            : $"Not replayed ({status}): {JsonSerializer.Serialize((result as IValueHttpResult)?.Value, KomboJson.Options)}";
        return RedirectToPage(new { id = Id });
    }
}
