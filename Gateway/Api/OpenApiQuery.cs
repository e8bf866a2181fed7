using System.Text.Json.Nodes;
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
        endpoint.WithQuery(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Description = description,
            Schema = new OpenApiSchema { Type = type },
        });

    /// <summary>A parameter that takes one of <paramref name="values"/>: the document lists them as its enum.</summary>
    public static RouteHandlerBuilder WithQueryEnum(this RouteHandlerBuilder endpoint, string name, IEnumerable<string> values, string description) =>
        endpoint.WithQuery(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Description = description,
            Schema = Enum(values),
        });

    /// <summary>A comma list of <paramref name="values"/> (<c>?status=A,B</c>): an array of that enum, form style, not exploded.</summary>
    public static RouteHandlerBuilder WithQueryList(this RouteHandlerBuilder endpoint, string name, IEnumerable<string> values, string description) =>
        endpoint.WithQuery(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Description = description,
            Style = ParameterStyle.Form,
            Explode = false,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Enum(values) },
        });

    private static OpenApiSchema Enum(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    private static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder endpoint, OpenApiParameter parameter) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(parameter);
            return Task.CompletedTask;
        });
}
