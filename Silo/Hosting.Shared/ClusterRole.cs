namespace OrleansKombo.Hosting;

/// <summary>
/// What a node does on the cluster's connections: a silo accepts and opens them (server and client authentication),
/// the gateway, an Orleans client, only opens them (client authentication).
/// </summary>
public enum ClusterRole
{
    Silo,
    Client,
}
