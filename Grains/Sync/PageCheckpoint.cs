using Npgsql;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// A statement that must commit with a page (the pull's checkpoint: the integration grain's state save), run in the
/// page's last batch instead of a round trip of its own (issue 16 §3). The record store asks for it once it knows how
/// many records the page changed, and hands back the first column of its first row (null when it returned none).
/// </summary>
/// <param name="statement">The statement, for the page's number of changes. It may be asked for again (a page
/// PostgreSQL refused is written again record by record, and the batch it was in rolled back), so it must build from
/// scratch each time, never apply a change twice.</param>
/// <param name="saved">Takes the statement's result once it ran in the page's transaction.</param>
public sealed class PageCheckpoint(Func<int, NpgsqlBatchCommand> statement, Action<object?> saved)
{
    internal NpgsqlBatchCommand Statement(int changes) => statement(changes);

    internal void Saved(object? result) => saved(result);
}
