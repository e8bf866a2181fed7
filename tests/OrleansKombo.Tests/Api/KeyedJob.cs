namespace OrleansKombo.Tests.Api;

/// <summary>
/// A job with the keys search and linking compare (<see cref="SyncedRows.IntegrationWithJobsAsync"/>): its remote_id is
/// "r-" + <paramref name="Id"/>.
/// </summary>
public sealed record KeyedJob(string Id, string Name, string? Code = null, string? Url = null, string Status = "OPEN",
    DateTimeOffset? Deleted = null);
