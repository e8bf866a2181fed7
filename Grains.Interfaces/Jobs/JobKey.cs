namespace OrleansKombo.Jobs;

/// <summary>Job grain keys: integration ids contain ':' but never '/', Kombo ids neither.</summary>
public static class JobKey
{
    public static string Of(string integrationId, string jobId) => $"{integrationId}/{jobId}";

    public static (string IntegrationId, string JobId) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
