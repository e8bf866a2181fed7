using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Assessment;

namespace OrleansKombo.Gateway.Api;

/// <summary>An integration's assessment packages: the full set (PUT replaces it, as Kombo's call does) and its push.</summary>
public static class PackagesApi
{
    public static RouteGroupBuilder MapPackagesApi(this RouteGroupBuilder api)
    {
        api.MapPut("/integrations/{integration_id}/packages", PutAsync)
            .WithSummary("Stores the integration's full package set {\"packages\":[{id,type,name,description}]} (it replaces the previous set; "
                + $"type one of {string.Join(", ", PackageRules.Types)}) and pushes it to Kombo with retries. Answers the set with push PENDING.")
            .Accepts<PackagesBody>("application/json")
            .Produces<PackageSet>();
        api.MapGet("/integrations/{integration_id}/packages", GetAsync)
            .WithSummary("The integration's package set, the ids withdrawn from earlier sets, and the push to Kombo "
                + "{status: PENDING|DONE|FAILED, attempts, last_error, warnings, requested_at, pushed_at} (null before any set).")
            .Produces<PackageSet>();
        return api;
    }

    private static async Task<IResult> PutAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, IClusterClient cluster, ILogger<PackagesBody> logger, CancellationToken cancellationToken)
    {
        var (packages, problem) = await JsonBody.ReadForIntegrationAsync(request.Body, Read, db, integrationId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await ClusterCall.AnswerAsync(() => cluster.GetGrain<IAssessmentGrain>(integrationId).SetPackages(packages),
            Results.Ok, $"store the packages of integration '{integrationId}'", logger, cancellationToken);
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db,
        IClusterClient cluster, ILogger<PackagesBody> logger, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAsync(() => cluster.GetGrain<IAssessmentGrain>(integrationId).GetPackages(),
            Results.Ok, $"read the packages of integration '{integrationId}'", logger, cancellationToken);
    }

    /// <summary>The set, or what is wrong with the body, naming the package and field as Kombo's own validation would.</summary>
    private static (IReadOnlyList<AssessmentPackage> Packages, string? Problem) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("packages", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return ([], "The body must be {\"packages\":[{id,type,name,description}, …]}.");
        }
        var packages = items.EnumerateArray()
            .Select(p => new AssessmentPackage(Field(p, "id"), Field(p, "type"), Field(p, "name"), Field(p, "description")))
            .ToList();
        return PackageRules.Problems(packages) is { Count: > 0 } problems ? ([], string.Join(" ", problems)) : (packages, null);
    }

    /// <summary>A string field, or "" when it is missing or not a string, which the rules then name.</summary>
    private static string Field(JsonElement package, string name) =>
        package.ValueKind == JsonValueKind.Object && package.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";

    /// <summary>The request body, for the API description.</summary>
    public sealed record PackagesBody(IReadOnlyList<AssessmentPackage> Packages);
}
