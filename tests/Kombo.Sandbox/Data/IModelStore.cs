using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Data;

/// <summary>A store seen without its record type, for the code that pages and renders any model.</summary>
public interface IModelStore
{
    SandboxModel Model { get; }

    IReadOnlyList<SandboxRecord> Records { get; }

    SandboxRecord? Find(string id);
}
