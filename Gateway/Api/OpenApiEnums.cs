using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansKombo.Integrations;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// Answer fields the read models hold as text but that take only an enum's values: the OpenAPI document (and /scalar)
/// lists those values. Enum-typed fields get theirs from the serializer already (KomboJson's SNAKE_CASE_UPPER names).
/// </summary>
public static class OpenApiEnums
{
    private static readonly Dictionary<(Type Type, string Property), string[]> Values = new()
    {
        [(typeof(IntegrationsApi.IntegrationView), "state")] = Names<IntegrationLifecycle>(),
        [(typeof(IntegrationsApi.IntegrationView), "setup")] = Names<SetupPhase>(),
        [(typeof(IntegrationsApi.IntegrationView), "health")] = Names<IntegrationHealth>(),
    };

    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var ((type, property), values) in Values)
        {
            if (type == context.JsonTypeInfo.Type && schema.Properties?.TryGetValue(property, out var field) == true
                && field is OpenApiSchema concrete)
            {
                concrete.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            }
        }
        return Task.CompletedTask;
    }

    private static string[] Names<TEnum>() where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(KomboJson.Name)];
}
