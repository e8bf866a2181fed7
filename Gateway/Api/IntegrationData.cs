using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// Reads of one integration's data with the 404s CONTRACT.md asks for. An integration is known when it has a
/// row in <c>integration_status</c>: its grain writes that row before it pulls any record, and keeps it (state DELETED)
/// after Kombo deletes the integration.
/// </summary>
public static class IntegrationData
{
    public static async Task<bool> ExistsAsync(NpgsqlDataSource db, string integrationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM integration_status WHERE id = @id)");
        command.Parameters.AddWithValue("id", integrationId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static IResult NotFound(string integrationId) => ApiError.NotFound($"No integration with id '{integrationId}' is known.");

    /// <summary>
    /// Answers one page of the integration's rows. Existence is checked only when the page is empty: rows prove
    /// the integration, and an unknown integration must answer 404, not an empty list.
    /// </summary>
    public static async Task<IResult> PageAsync<T>(NpgsqlDataSource db, NpgsqlCommand command, string integrationId, int size,
        string cursorKind, Func<NpgsqlDataReader, (string Key, T View)> read, CancellationToken cancellationToken)
    {
        var rows = new List<(string Key, T View)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }
        }
        if (rows.Count == 0 && !await ExistsAsync(db, integrationId, cancellationToken))
        {
            return NotFound(integrationId);
        }
        return Results.Ok(Page<T>.Of(rows, size, r => r.View, r => Cursor.ForKey(cursorKind, r.Key)));
    }

    /// <summary>Answers the record the command finds, or a 404 that says which of the two ids is unknown.</summary>
    public static async Task<IResult> RecordAsync<T>(NpgsqlDataSource db, NpgsqlCommand command, AtsModel model, string integrationId,
        string recordId, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return Results.Ok(read(reader));
            }
        }
        return await ExistsAsync(db, integrationId, cancellationToken)
            ? ApiError.NotFound($"Integration '{integrationId}' has no {model.Name} record with id '{recordId}'.")
            : NotFound(integrationId);
    }
}
