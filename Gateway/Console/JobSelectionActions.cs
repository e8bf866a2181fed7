using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.OperatorConsole;

/// <summary>The console's levers on a job selection, for the jobs page and the job selection page alike.</summary>
public static class JobSelectionActions
{
    /// <summary>
    /// Switches ALL/SELECTED as <c>PUT …/job-selection</c> does (<see cref="JobSelectionApi.ReplaceAsync"/>), giving it back the
    /// chosen jobs, because the PUT replaces them too.
    /// </summary>
    public static async Task<IResult> SwitchModeAsync(string integrationId, string mode, NpgsqlDataSource db, IClusterClient cluster,
        ILogger logger, CancellationToken cancellationToken)
    {
        var current = await JobSelectionApi.SelectionAsync(db, integrationId, cancellationToken);
        var body = new JsonObject { ["mode"] = mode, ["job_ids"] = current["job_ids"]?.DeepClone() }.ToJsonString();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await JobSelectionApi.ReplaceAsync(integrationId, stream, db, cluster, logger, cancellationToken);
    }
}
