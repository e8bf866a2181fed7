namespace OrleansKombo.Clients;

/// <summary>
/// A grain method meant only for our own gateway or silos (a webhook handed over, a step of a grain's own work), not
/// for a vendor's .NET service joining the cluster as an Orleans client: calling it from outside can break the rules
/// its caller keeps (an event's order, an outbox's exactly once). Every grain method without it is public API
/// (README "Grain clients"; GrainClientSurfaceTests pins the list).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class InternalGrainMethodAttribute(string caller) : Attribute
{
    public const string Gateway = "gateway";
    public const string Silo = "silo";

    /// <summary>Who calls it: <see cref="Gateway"/> or <see cref="Silo"/>.</summary>
    public string Caller { get; } = caller;
}
