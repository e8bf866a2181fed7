using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;

namespace OrleansKombo.Gateway.Api;

/// <summary>The change feed: every CREATED, UPDATED and DELETED the sync wrote, with the values before and after.</summary>
public static class ChangesApi
{
    private const string CursorKind = "changes";

    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/integrations/{integration_id}/changes", ListAsync)
            .WithSummary(
                "The integration's change feed, oldest first. after=<seq> starts after that seq; cursor continues from the previous page. "
                + "Both together are accepted only when the cursor is at or past after (the same walk), and then the cursor decides. "
                + "next is null at the end of the feed: to follow it, poll again with after=<the last seq seen>.")
            .WithPaging()
            .WithQuery("after", JsonSchemaType.Integer, "Start after this seq; 0 (the default) starts at the beginning.")
            .Produces<Page<ChangeView>>();
        return api;
    }

    private static async Task<IResult> ListAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(request, out var page, out var problem))
        {
            return problem!;
        }
        var after = 0L;
        if (QueryParameters.Optional(request, "after") is { } text && !TryParseSeq(text, out after))
        {
            return ApiError.BadRequest($"after must be a change feed seq (a whole number, 0 or more), not '{text}'.");
        }
        if (page.Cursor is not null)
        {
            if (!Cursor.TryDecodeKey(page.Cursor, CursorKind, out var key) || !TryParseSeq(key, out var reached))
            {
                return PageRequest.InvalidCursor();
            }
            if (reached < after)
            {
                return ApiError.BadRequest($"cursor points before after={after}; send one of them, or a cursor from a walk that started at after.");
            }
            after = reached;
        }

        await using var command = db.CreateCommand("""
            SELECT seq, model, record_id, kind, changed_fields, before, after, at
              FROM change_feed_view
             WHERE integration_id = @integration AND seq > @after
             ORDER BY seq
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", page.Size + 1);
        return await IntegrationData.PageAsync(db, command, integrationId, page.Size, CursorKind, Read, cancellationToken);
    }

    private static bool TryParseSeq(string text, out long seq) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seq);

    private static (string Key, ChangeView View) Read(NpgsqlDataReader row)
    {
        var change = new ChangeView(
            row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetFieldValue<string[]>(4),
            row.GetFieldValue<JsonElement?>(5), row.GetFieldValue<JsonElement?>(6), row.GetFieldValue<DateTimeOffset>(7));
        return (change.Seq.ToString(CultureInfo.InvariantCulture), change);
    }

    public sealed record ChangeView(
        long Seq,
        string Model,
        string Id,
        string Kind,
        IReadOnlyList<string> ChangedFields,
        JsonElement? Before,
        JsonElement? After,
        DateTimeOffset At);
}
