using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// What every list of synced records accepts: <c>page_size</c>, <c>cursor</c> and <c>include_deleted</c>. Pages
/// are keyed on the record id, the second column of each table's primary key, so a page is one index range.
/// </summary>
public sealed record RecordList(AtsModel Model, int Size, string After, bool IncludeDeleted)
{
    public const string IncludeDeletedDescription = "true to list records deleted in the ATS too (kept until Sync:RetainDeletedFor).";

    public static bool TryRead(HttpRequest request, AtsModel model, out RecordList list, out IResult? problem)
    {
        list = new RecordList(model, 0, "", false);
        if (!PageRequest.TryRead(request, out var page, out problem)
            || !QueryParameters.TryReadBool(request, "include_deleted", out var includeDeleted, out problem))
        {
            return false;
        }
        // "" sorts before every id, so the first page needs no special case in SQL.
        var after = "";
        if (page.Cursor is not null && !Cursor.TryDecodeKey(page.Cursor, model.Name, out after))
        {
            problem = PageRequest.InvalidCursor();
            return false;
        }
        list = new RecordList(model, page.Size, after, includeDeleted ?? false);
        return true;
    }

    /// <summary>
    /// The page's query: <paramref name="select"/> reads the model's table aliased <c>r</c>, and
    /// <paramref name="conditions"/> (starting with AND) narrows it further.
    /// </summary>
    public NpgsqlCommand CreateCommand(NpgsqlDataSource db, string integrationId, string select, string conditions = "")
    {
        var deleted = IncludeDeleted ? "" : "AND r.remote_deleted_at IS NULL";
        var command = db.CreateCommand($"""
            {select}
             WHERE r.integration_id = @integration AND r.id > @after {deleted} {conditions}
             ORDER BY r.id
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("after", After);
        command.Parameters.AddWithValue("limit", Size + 1);
        return command;
    }

    public Task<IResult> PageAsync<T>(NpgsqlDataSource db, NpgsqlCommand command, string integrationId,
        Func<NpgsqlDataReader, (string Key, T View)> read, CancellationToken cancellationToken) =>
        IntegrationData.PageAsync(db, command, integrationId, Size, Model.Name, read, cancellationToken);
}
