namespace OrleansKombo.Integrations;

/// <summary>CONTRACT.md's <c>health</c>: who has to act, if anyone.</summary>
public enum IntegrationHealth
{
    Ok,
    NeedsCustomerAction,
    KomboIssue,
    Degraded,
}
