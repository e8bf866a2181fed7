using System.Diagnostics;
using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// The floor a sync's PostgreSQL work is measured against (issue 16 §3): the rows our sync stored, written again with
/// one raw binary COPY per table into an empty copy of each record table (<c>LIKE … INCLUDING ALL</c>: the same generated
/// columns, defaults and indexes). No lookup, no change feed, no checkpoint: PostgreSQL's least work to hold the rows.
/// The rows are copied out to files first, outside the measurement, so only the COPY in is counted.
/// </summary>
public static class CopyFloor
{
    /// <summary>The columns a page writes; the generated ones PostgreSQL computes, as it does for ours.</summary>
    private const string Columns = "integration_id, id, changed_at, remote_deleted_at, record, content_hash";

    /// <param name="measured">
    /// Called with the rows copied, the time the COPYs took and their CPU meter (PostgreSQL and this process) while the
    /// COPYs' connections are still open: a backend that exits is missing from PostgreSQL's CPU until the postmaster
    /// has reaped it, so reading the meter after the connections close can lose the COPYs' own CPU.
    /// </param>
    public static async Task RunAsync(string postgres, Action<long, TimeSpan, CpuMeter> measured)
    {
        await using var db = NpgsqlDataSource.Create(postgres);
        var directory = Directory.CreateTempSubdirectory("orleanskombo-copy-floor-");
        try
        {
            foreach (var model in AtsModel.All)
            {
                await ExecuteAsync(db, $"CREATE TABLE floor_{model.Table} (LIKE {model.Table} INCLUDING ALL)");
                await using var connection = await db.OpenConnectionAsync();
                await using var source = await connection.BeginRawBinaryCopyAsync($"COPY {model.Table} ({Columns}) TO STDOUT (FORMAT BINARY)");
                await using var file = File.Create(Path.Combine(directory.FullName, model.Table));
                await source.CopyToAsync(file);
            }

            var cpu = await CpuMeter.StartAsync(postgres, "benchmark (COPY client)", []);
            var watch = Stopwatch.StartNew();
            foreach (var model in AtsModel.All)
            {
                await using var connection = await db.OpenConnectionAsync();
                await using var target = await connection.BeginRawBinaryCopyAsync($"COPY floor_{model.Table} ({Columns}) FROM STDIN (FORMAT BINARY)");
                await using var file = File.OpenRead(Path.Combine(directory.FullName, model.Table));
                await file.CopyToAsync(target);
            }
            watch.Stop();
            var rows = 0L;
            foreach (var model in AtsModel.All)
            {
                await using var count = db.CreateCommand($"SELECT count(*) FROM floor_{model.Table}");
                rows += (long)(await count.ExecuteScalarAsync())!;
            }
            measured(rows, watch.Elapsed, cpu);
        }
        finally
        {
            directory.Delete(recursive: true);
            foreach (var model in AtsModel.All)
            {
                await ExecuteAsync(db, $"DROP TABLE IF EXISTS floor_{model.Table}");
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
