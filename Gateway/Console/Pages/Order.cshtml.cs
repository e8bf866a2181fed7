using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Orders;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// One order as the API shows it (history, invitation, write-back), and the operator's commands, each through the API's
/// own <see cref="OrdersApi.CommandAsync"/> to the order grain: cancel, retry the write-back, resolve an invitation in
/// doubt (delivered or not), resend a failed invitation.
/// </summary>
public sealed class OrderModel(NpgsqlDataSource db, IClusterClient cluster, ILogger<OrderModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public JsonObject Order { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public static string Pretty(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "–";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await OrdersApi.FindOneAsync(db, Id, cancellationToken) is not { } order)
        {
            return NotFound();
        }
        Order = order;
        return Page();
    }

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        CommandAsync("cancel", grain => grain.Cancel(), "The assessment was cancelled.", cancellationToken);

    public Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken) =>
        CommandAsync("retry the write-back of", grain => grain.RetryWriteBack(), "The write-back is being retried.", cancellationToken);

    public Task<IActionResult> OnPostDeliveredAsync(CancellationToken cancellationToken) =>
        CommandAsync("resolve the invitation of", grain => grain.ResolveInvitation(true), "The invitation is marked SENT.", cancellationToken);

    public Task<IActionResult> OnPostNotDeliveredAsync(CancellationToken cancellationToken) =>
        CommandAsync("resolve the invitation of", grain => grain.ResolveInvitation(false), "The invitation is sent again.", cancellationToken);

    public Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken) =>
        CommandAsync("resend the invitation of", grain => grain.ResendInvitation(), "The invitation is sent again.", cancellationToken);

    private async Task<IActionResult> CommandAsync(string what, Func<IOrderGrain, Task<OrderCommandAnswer>> command, string done,
        CancellationToken cancellationToken)
    {
        var result = await OrdersApi.CommandAsync(Id, db, cluster, logger, $"{what} (console)", command, cancellationToken);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        Message = status == StatusCodes.Status202Accepted
            ? done
            : $"Refused ({status}): {JsonSerializer.Serialize((result as IValueHttpResult)?.Value, KomboJson.Options)}";
        return RedirectToPage(new { id = Id });
    }
}
