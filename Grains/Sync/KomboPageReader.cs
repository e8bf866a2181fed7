using System.Globalization;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Kombo;

namespace OrleansKombo.Grains.Sync;

/// <summary>Reads one page of a model for a pull and applies the privacy allowlist before anything else sees it.</summary>
public sealed class KomboPageReader(IKomboApi kombo, SyncOptions options, SyncAllowlists allowlists)
{
    /// <param name="updatedAfter">
    /// The pull's <c>updated_after</c>, or a model's own when it catches up after Kombo refused it for a while (null: all of it).
    /// </param>
    public async Task<(IReadOnlyList<KeptRecord> Records, string? Next)> ReadAsync(string integrationId, AtsModel model,
        PullCheckpoint pull, DateTimeOffset? updatedAfter, string? cursor, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["page_size"] = options.PageSize.ToString(CultureInfo.InvariantCulture),
            // Deltas must see deletions; a full read after the first one must see them too, to date them.
            ["include_deleted"] = pull.Mode == PullMode.Delta || pull.MarksAbsentDeleted ? "true" : "false",
        };
        if (updatedAfter is { } after)
        {
            query["updated_after"] = RecordFields.Format(after);
        }
        if (options.Filters.TryGetValue(model.Name, out var filters))
        {
            foreach (var (name, value) in filters)
            {
                query[name] = value;
            }
        }
        if (cursor is not null)
        {
            query["cursor"] = cursor;
        }

        var page = await kombo.ListAsync(model.KomboPath, query, integrationId, cancellationToken);
        var allowlist = allowlists.For(model);
        // Pure CPU work on records nobody else holds: off the grain's thread, so it overlaps the previous page's write.
        var records = await Task.Run(() => page.Data.Results.Select(r => KeptRecord.From(r, allowlist)).OfType<KeptRecord>().ToList(),
            cancellationToken);
        return (records, page.Data.Next);
    }
}
