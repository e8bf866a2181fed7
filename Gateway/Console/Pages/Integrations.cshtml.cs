using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>
/// The integrations, found as the API finds them (<see cref="IntegrationFilters"/>, <see cref="IntegrationsApi.QueryAsync"/>:
/// q, health, state, setup), a page of 50 at a time, each with its last successful pull, the lag since, and its live counts.
/// </summary>
public sealed class IntegrationsModel(NpgsqlDataSource db) : PageModel
{
    public const int PageSize = 50;

    public List<IntegrationsApi.IntegrationView> Rows { get; private set; } = [];

    /// <summary>Per integration id, when its last successful pull ended (from the pull history).</summary>
    public Dictionary<string, DateTimeOffset> LastSucceeded { get; } = new(StringComparer.Ordinal);

    /// <summary>Per integration id, its live records over every model.</summary>
    public Dictionary<string, long> Records { get; } = new(StringComparer.Ordinal);

    public string? Problem { get; private set; }

    public string? Next { get; private set; }

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public string Query(string name) => Request.Query[name].ToString();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IntegrationFilters.TryRead(Request, out var filters, out _))
        {
            Problem = "A filter has a value the console does not know; showing every integration.";
            filters = new IntegrationFilters(null, null, null, null);
        }
        var after = Query("after");
        var rows = await IntegrationsApi.QueryAsync(db, filters, after, PageSize + 1, cancellationToken);
        Next = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
        Rows = rows.Take(PageSize).ToList();
        if (Rows.Count == 0)
        {
            return;
        }
        await using var command = db.CreateCommand("""
            SELECT i.id,
                   (SELECT max(p.ended_at) FROM integration_pull_history p WHERE p.integration_id = i.id AND p.status = 'SUCCEEDED'),
                   (SELECT coalesce(sum(c.live), 0)::bigint FROM record_counts c WHERE c.integration_id = i.id)
              FROM unnest(@ids) AS i(id)
            """);
        command.Parameters.AddWithValue("ids", Rows.Select(r => r.Id).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1))
            {
                LastSucceeded[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
            Records[reader.GetString(0)] = reader.GetInt64(2);
        }
    }
}
