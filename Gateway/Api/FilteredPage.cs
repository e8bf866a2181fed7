using Npgsql;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// One page of an integration's rows ordered by a text key, with the two filters its lists share: <c>status</c> (a comma
/// list from a closed set) and <c>flagged</c> (a boolean). The orders' and the job links' lists read through it.
/// </summary>
public static class FilteredPage
{
    /// <param name="select">SELECT … FROM the view, aliased <paramref name="alias"/>, with the key as its first column.</param>
    /// <param name="alias">The view's alias; it has integration_id, status and flagged columns.</param>
    /// <param name="key">The key column, unique within the integration: the order and the cursor.</param>
    /// <param name="statuses">The status values the filter takes.</param>
    public static async Task<IResult> ListAsync<T>(HttpRequest request, NpgsqlDataSource db, string integrationId, string select,
        string alias, string key, IReadOnlyCollection<string> statuses, string cursorKind, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(request, out var page, out var problem)
            || !QueryParameters.TryReadBool(request, "flagged", out var flagged, out problem)
            || !QueryParameters.TryReadList(request, "status", statuses, out var kept, out problem))
        {
            return problem!;
        }
        var after = "";
        if (page.Cursor is not null && !Cursor.TryDecodeKey(page.Cursor, cursorKind, out after))
        {
            return PageRequest.InvalidCursor();
        }
        await using var command = db.CreateCommand($"""
            {select}
             WHERE {alias}.integration_id = @integration AND {alias}.{key} > @after
                   {(kept is null ? "" : $"AND {alias}.status = ANY(@statuses)")}
                   {(flagged is null ? "" : $"AND {alias}.flagged = @flagged")}
             ORDER BY {alias}.{key}
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", page.Size + 1);
        if (kept is not null)
        {
            command.Parameters.AddWithValue("statuses", kept);
        }
        if (flagged is not null)
        {
            command.Parameters.AddWithValue("flagged", flagged.Value);
        }
        return await IntegrationData.PageAsync(db, command, integrationId, page.Size, cursorKind, r => (r.GetString(0), read(r)), cancellationToken);
    }
}
