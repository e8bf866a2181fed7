namespace OrleansKombo.Integrations;

/// <summary>CONTRACT.md's <c>setup</c>: READY once a read from Kombo has succeeded.</summary>
public enum SetupPhase
{
    PendingFirstSync,
    Ready,
}
