using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// The <c>record_counts</c> row of an integration's model: its live records (not deleted in the ATS), moved by the
/// record store in the transaction of every write that changes them, so reading an integration never counts rows.
/// </summary>
public static class RecordCounts
{
    private const string Upsert = """
        INSERT INTO record_counts AS c (integration_id, model, live)
        VALUES (@integration_id, @model, @delta)
        ON CONFLICT (integration_id, model) DO UPDATE SET live = c.live + excluded.live
        """;

    /// <summary>Moves the count by <paramref name="delta"/>, within the batch of a page.</summary>
    public static NpgsqlBatchCommand Add(string integrationId, AtsModel model, long delta)
    {
        var command = new NpgsqlBatchCommand(Upsert);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("model", model.Name);
        command.Parameters.AddWithValue("delta", delta);
        return command;
    }

    /// <summary>
    /// The same upsert as a data-modifying CTE for a statement that marks rows deleted: <paramref name="gone"/> names the
    /// CTE whose rows left the live set, and the parameters <c>@integration_id</c> and <c>@model</c> must be set.
    /// </summary>
    public static string SubtractCte(string gone) => $"""
        INSERT INTO record_counts AS c (integration_id, model, live)
        SELECT @integration_id, @model, -count(*) FROM {gone} HAVING count(*) > 0
        ON CONFLICT (integration_id, model) DO UPDATE SET live = c.live + excluded.live
        """;
}
