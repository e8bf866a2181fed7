namespace OrleansKombo.Benchmarks;

/// <summary>Percentiles of recorded latencies, in milliseconds.</summary>
public sealed class LatencyStats(IEnumerable<double> milliseconds)
{
    private readonly double[] _sorted = milliseconds.Order().ToArray();

    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(p / 100 * _sorted.Length) - 1)];

    public override string ToString() =>
        $"p50 {Percentile(50):0.0} ms, p90 {Percentile(90):0.0} ms, p99 {Percentile(99):0.0} ms, max {Percentile(100):0.0} ms";
}
