using System.Diagnostics.Metrics;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.Grains.Operations;

/// <summary>
/// The silo's own instruments, exported on the silo's /metrics (Orleans:MetricsPort) next to Orleans' meters. Every label
/// has a fixed, small set of values: no integration id, so 1,000 integrations make no more series than one. How far
/// behind the integrations are is not measured here but from the read models (the gateway's <c>ReadModelMetrics</c>).
/// A static meter, because the Kombo client's exception factory is static and a pull is not built by the container.
/// </summary>
public static class SiloMetrics
{
    public const string MeterName = "OrleansKombo.Silo";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> PullDuration = Meter.CreateHistogram<double>("kombo_pull_duration", "s",
        "A successful pull from its start to its end (resumed pulls included), by mode", advice: new InstrumentAdvice<double>
        {
            // From a delta of a quiet integration (seconds) to a full read of a large one (hours).
            HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400],
        });

    private static readonly Counter<long> RecordsRead = Meter.CreateCounter<long>("kombo_pull_records_read", "{record}",
        "Records read from Kombo by pulls, by model");

    private static readonly Counter<long> RecordsChanged = Meter.CreateCounter<long>("kombo_pull_records_changed", "{record}",
        "Records whose kept content changed (written and in the change feed), by model");

    private static readonly Counter<long> Pages = Meter.CreateCounter<long>("kombo_pull_pages", "{page}",
        "Pages of a model committed by pulls, by model");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("kombo_api_errors", "{response}",
        "Kombo's error answers (after the client's retries), by Kombo error code and whether it was a read or a write");

    private static readonly HashSet<string> Models = AtsModel.PullOrder.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    public static void PullFinished(PullMode mode, TimeSpan duration) =>
        PullDuration.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("mode", ModeLabel(mode)));

    public static void PageCommitted(AtsModel model, int read, int changed)
    {
        var label = new KeyValuePair<string, object?>("model", ModelLabel(model.Name));
        Pages.Add(1, label);
        RecordsRead.Add(read, label);
        RecordsChanged.Add(changed, label);
    }

    /// <param name="code">Kombo's <c>error.code</c>; null when the answer had none (a proxy's 502, an HTML page).</param>
    public static void KomboError(string? code, HttpMethod method) =>
        Errors.Add(1, new("code", CodeLabel(code)), new("operation", method == HttpMethod.Get ? "read" : "write"));

    /// <summary>Kombo's documented codes by name (<see cref="KomboErrorCodes.All"/>), <c>other</c> for any other, <c>none</c> without one.</summary>
    public static string CodeLabel(string? code) => code is null ? "none" : KomboErrorCodes.All.Contains(code) ? code : "other";

    private static string ModeLabel(PullMode mode) => mode == PullMode.Full ? "full" : "delta";

    private static string ModelLabel(string name) => Models.Contains(name) ? name : "other";
}
