using Microsoft.OpenApi;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// Puts query parameters into the OpenAPI document. Handlers read them from the request themselves, so that a
/// bad value gets this API's 400 naming it rather than the framework's, which leaves the framework unaware of them.
/// </summary>
public static class OpenApiQuery
{
    public static RouteHandlerBuilder WithPaging(this RouteHandlerBuilder endpoint) => endpoint
        .WithQuery("page_size", JsonSchemaType.Integer, $"Results per page, 1 to {PageRequest.MaxSize}; default {PageRequest.DefaultSize}.")
        .WithQuery("cursor", JsonSchemaType.String, "The previous page's next, to read the page after it.");

    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder endpoint, string name, JsonSchemaType type, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
            return Task.CompletedTask;
        });
}
