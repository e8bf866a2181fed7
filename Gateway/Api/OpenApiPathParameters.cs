using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// What each route parameter of the internal API is, in one place for every route that has it, so the OpenAPI document
/// (and the API reference at /scalar) describes them all; a route with a parameter not listed here fails OpenApiDocumentTests.
/// </summary>
public static class OpenApiPathParameters
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["integration_id"] = "Kombo's integration id (as in Kombo's webhooks and dashboard).",
        ["job_id"] = "Kombo's id of the job (the `id` of a synced job, not the ATS's remote_id).",
        ["record_id"] = "Kombo's id of the record.",
        ["user_id"] = "Kombo's id of the ATS user.",
        ["order_id"] = "Kombo's id of the assessment order.",
        ["application_id"] = "Kombo's id of the application (the `id` of a synced application, not the ATS's remote_id).",
        ["vendor_job_id"] = "Our (the vendor's) id of the job to link, as the vendor's platform knows it.",
        ["id"] = "The webhook event's id, as Kombo sent it (or `unreadable:<sha256>` for a body that was not an event).",
    };

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Path && string.IsNullOrEmpty(parameter.Description)
                && parameter.Name is { } name && Descriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }
        return Task.CompletedTask;
    }
}
