namespace Kombo.Sandbox.Faults;

/// <summary>Which calls a fault rule hits: reads (GET under <c>/v1</c>) or writes (PUT/POST under <c>/v1</c>).</summary>
public enum FaultScope
{
    Reads,
    Writes,
}
