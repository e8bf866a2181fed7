using Kombo.Sandbox;
using Kombo.Sandbox.Recording;
using Microsoft.AspNetCore.WebUtilities;

namespace OrleansKombo.Tests.Infrastructure;

public static class RecordedRequests
{
    /// <summary>The ATS reads the sandbox received for one integration, with their query parameters parsed.</summary>
    public static IReadOnlyList<(string Path, Dictionary<string, string> Query)> AtsReads(this KomboSandbox sandbox, string integrationId,
        string pathPrefix = "/v1/ats/") =>
        sandbox.Requests.Query(new RequestQuery { IntegrationId = integrationId, PathPrefix = pathPrefix, Method = "GET" })
            .Select(r => (r.Path, QueryHelpers.ParseQuery(r.Query).ToDictionary(p => p.Key, p => p.Value.ToString())))
            .ToList();
}
