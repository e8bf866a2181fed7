using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Orders;
using OrleansKombo.Triggers;

namespace OrleansKombo.Gateway.Api;

/// <summary>An operator's re-trigger (CONTRACT.md §3, "Triggered assessments"): a new order for an application and package, on purpose.</summary>
public static class TriggerApi
{
    public static RouteGroupBuilder MapTriggerApi(this RouteGroupBuilder api)
    {
        api.MapPost("/integrations/{integration_id}/applications/{application_id}/trigger", PostAsync)
            .WithSummary("Orders the package {\"package_id\"} for the application again, on purpose: a new order of source TRIGGER beside any "
                + "earlier one (202). 400 for a package the integration does not offer, 404 when the application is not a live one of an active job.")
            .Accepts<TriggerBody>("application/json")
            .Produces(StatusCodes.Status202Accepted);
        return api;
    }

    private static async Task<IResult> PostAsync([FromRoute(Name = "integration_id")] string integrationId,
        [FromRoute(Name = "application_id")] string applicationId, HttpRequest request, NpgsqlDataSource db, IClusterClient cluster,
        ILogger<TriggerBody> logger, CancellationToken cancellationToken)
    {
        TriggerBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<TriggerBody>(KomboJson.Options, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return ApiError.BadRequest("The body must be {\"package_id\": \"…\"}: " + e.Message);
        }
        if (body is null || string.IsNullOrWhiteSpace(body.PackageId) || body.PackageId.Length > TriggerRuleJson.MaxTextLength)
        {
            return ApiError.BadRequest($"package_id is required: a non-empty string of at most {TriggerRuleJson.MaxTextLength} characters.");
        }
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAsync(() => cluster.GetGrain<ITriggerGrain>(integrationId).Retrigger(applicationId, body.PackageId),
            answer => answer.Outcome switch
            {
                OrderCommandOutcome.Accepted => Results.Accepted(),
                OrderCommandOutcome.NotFound => ApiError.NotFound(answer.Message!),
                _ => ApiError.BadRequest(answer.Message!),
            },
            $"re-trigger application '{applicationId}' of integration '{integrationId}'", logger, cancellationToken);
    }

    /// <summary>The request body.</summary>
    public sealed record TriggerBody(string PackageId);
}
