using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Integrations;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// One integration as the API's detail shows it, with its pull history (the running pull's row is the live progress,
/// which the page polls through <see cref="OnGetProgressAsync"/>), its sync-finished history, and the two levers of the
/// API (<c>POST …/sync</c>, <c>…/reconcile</c>): the same grain calls.
/// </summary>
public sealed class IntegrationModel(NpgsqlDataSource db, IClusterClient cluster, ILogger<IntegrationModel> logger) : PageModel
{
    private const int HistoryRows = 25;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public IntegrationsApi.IntegrationView Integration { get; private set; } = null!;

    public List<IntegrationHistoryApi.PullView> Pulls { get; private set; } = [];

    public List<IntegrationHistoryApi.SyncView> Syncs { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public IntegrationHistoryApi.PullView? Running => Pulls.FirstOrDefault(p => p.Status == "RUNNING");

    public static IReadOnlyList<string> PullOrder { get; } = [.. AtsModel.PullOrder.Select(m => m.Name)];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await IntegrationsApi.FindAsync(db, Id, cancellationToken) is not { } integration)
        {
            return NotFound();
        }
        Integration = integration;
        Pulls = await IntegrationHistoryApi.LatestPullsAsync(db, Id, HistoryRows, cancellationToken);
        Syncs = await IntegrationHistoryApi.LatestSyncsAsync(db, Id, HistoryRows, cancellationToken);
        return Page();
    }

    /// <summary>The newest pull's row, for the progress bar: model, pages and records so far, or that it ended.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken cancellationToken) =>
        new JsonResult((await IntegrationHistoryApi.LatestPullsAsync(db, Id, 1, cancellationToken)).FirstOrDefault(), KomboJson.Options);

    public Task<IActionResult> OnPostSyncAsync(CancellationToken cancellationToken) =>
        LeverAsync(grain => grain.RequestPull(), "A pull of the deltas was asked for.", "pull the deltas of", cancellationToken);

    public Task<IActionResult> OnPostReconcileAsync(CancellationToken cancellationToken) =>
        LeverAsync(grain => grain.RequestReconcile(), "A full re-read was asked for.", "fully re-read", cancellationToken);

    private async Task<IActionResult> LeverAsync(Func<IIntegrationGrain, Task> request, string done, string what, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, Id, cancellationToken))
        {
            return NotFound();
        }
        var failure = await ClusterCall.FailureAsync(() => request(cluster.GetGrain<IIntegrationGrain>(Id)),
            $"{what} integration '{Id}' (console)", logger, cancellationToken);
        Message = failure is null ? done : "The cluster did not answer in time; try again.";
        return RedirectToPage(new { id = Id });
    }
}
