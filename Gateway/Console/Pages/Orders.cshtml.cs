using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>Orders that need an operator: flagged by reconciliation, a write-back FAILED, an invitation IN_DOUBT (<see cref="OrdersApi.FindAsync"/>).</summary>
public sealed class OrdersModel(NpgsqlDataSource db) : PageModel
{
    public const int PageSize = 100;

    public List<JsonObject> Rows { get; private set; } = [];

    public bool Flagged => Request.Query["flagged"] == "true";

    public bool WriteBackFailed => Request.Query["write_back_failed"] == "true";

    public bool InvitationInDoubt => Request.Query["invitation_in_doubt"] == "true";

    public string? IntegrationId => QueryParameters.Optional(Request, "integration_id") is { Length: <= 200 } id ? id : null;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await OrdersApi.FindAsync(db, IntegrationId, Flagged, WriteBackFailed, InvitationInDoubt, PageSize, cancellationToken);
}
