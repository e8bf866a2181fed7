using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Data;

/// <summary>
/// One model's records in creation order. Records are never removed (a deletion only sets <c>remote_deleted_at</c>),
/// so a cursor that remembers the last sequence it served resumes exactly where it stopped.
/// </summary>
public sealed class ModelStore<T> : IModelStore where T : SandboxRecord
{
    private readonly List<T> ordered = [];
    private readonly Dictionary<string, T> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T> byRemoteId = new(StringComparer.Ordinal);
    private long lastSequence;

    public ModelStore(SandboxModel model) => Model = model;

    public SandboxModel Model { get; }

    public IReadOnlyList<T> Records => ordered;

    IReadOnlyList<SandboxRecord> IModelStore.Records => ordered;

    public void Add(T record)
    {
        record.Sequence = ++lastSequence;
        ordered.Add(record);
        byId.Add(record.Id, record);
        if (record.RemoteId is { } remoteId)
        {
            byRemoteId.TryAdd(remoteId, record);
        }
    }

    public T? Find(string id) => byId.GetValueOrDefault(id);

    public T? FindByRemoteId(string remoteId) => byRemoteId.GetValueOrDefault(remoteId);

    SandboxRecord? IModelStore.Find(string id) => Find(id);
}
