namespace OrleansKombo.Integrations;

/// <summary>CONTRACT.md's <c>state</c>: Kombo's three states plus our own terminal DELETED.</summary>
public enum IntegrationLifecycle
{
    Active,
    Invalid,
    Inactive,
    Deleted,
}
