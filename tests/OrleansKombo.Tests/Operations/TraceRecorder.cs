using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace OrleansKombo.Tests.Operations;

/// <summary>An in-memory exporter for one test: keeps the finished spans of the traces it is told to watch.</summary>
public sealed class TraceRecorder : BaseProcessor<Activity>
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<Activity>> _traces = new();

    public void Watch(ActivityTraceId trace) => _traces.TryAdd(trace, new ConcurrentQueue<Activity>());

    public IReadOnlyList<Activity> Spans(ActivityTraceId trace) => _traces.TryGetValue(trace, out var spans) ? [.. spans] : [];

    public override void OnEnd(Activity data)
    {
        if (_traces.TryGetValue(data.TraceId, out var spans))
        {
            spans.Enqueue(data);
        }
    }
}
