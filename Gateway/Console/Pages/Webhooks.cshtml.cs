using Microsoft.AspNetCore.Mvc.RazorPages;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.Webhooks;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>The webhook inbox, newest first, filtered by status (DEAD included), type and integration as the API filters it.</summary>
public sealed class WebhooksModel(WebhookInbox inbox) : PageModel
{
    public const int PageSize = 50;

    private const int MaxFilterLength = 200;

    public IReadOnlyList<WebhooksApi.WebhookView> Rows { get; private set; } = [];

    public string? Problem { get; private set; }

    public string Query(string name) => Request.Query[name].ToString();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var status = QueryParameters.Optional(Request, "status");
        if (status is not null && !InboxStatus.All.Contains(status))
        {
            Problem = $"status must be one of {string.Join(", ", InboxStatus.All)}.";
            return;
        }
        var type = QueryParameters.Optional(Request, "type");
        var integration = QueryParameters.Optional(Request, "integration_id");
        if (type?.Length > MaxFilterLength || integration?.Length > MaxFilterLength)
        {
            Problem = $"A filter is longer than {MaxFilterLength} characters.";
            return;
        }
        var rows = await inbox.ListAsync(integration, type, status, null, PageSize, cancellationToken);
        Rows = rows.Select(e => WebhooksApi.View(e, withBody: false)).ToList();
    }
}
