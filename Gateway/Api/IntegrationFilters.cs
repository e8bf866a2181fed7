using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Integrations;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The filters of <c>GET /api/integrations</c>, as conditions on <c>integration_status s</c>: <c>health</c>, <c>state</c>
/// and <c>setup</c> are comma lists of the values the API shows; <c>q</c> finds an integration by its id or
/// <c>end_user.origin_id</c> (exactly) or by part of <c>end_user.organization_name</c> (any case).
/// </summary>
public sealed record IntegrationFilters(string[]? Health, string[]? State, string[]? Setup, string? Q)
{
    public const int MaxQLength = 200;

    public static readonly string[] Healths = [.. Enum.GetValues<IntegrationHealth>().Select(v => KomboJson.Name(v))];

    public static readonly string[] States = [.. Enum.GetValues<IntegrationLifecycle>().Select(v => KomboJson.Name(v))];

    public static readonly string[] Setups = [.. Enum.GetValues<SetupPhase>().Select(v => KomboJson.Name(v))];

    public static bool TryRead(HttpRequest request, out IntegrationFilters filters, out IResult? problem)
    {
        filters = new IntegrationFilters(null, null, null, null);
        if (!QueryParameters.TryReadList(request, "health", Healths, out var health, out problem)
            || !QueryParameters.TryReadList(request, "state", States, out var state, out problem)
            || !QueryParameters.TryReadList(request, "setup", Setups, out var setup, out problem))
        {
            return false;
        }
        var q = QueryParameters.Optional(request, "q")?.Trim();
        if (q is { Length: > MaxQLength })
        {
            problem = ApiError.BadRequest($"q must be at most {MaxQLength} characters long.");
            return false;
        }
        filters = new IntegrationFilters(health, state, setup, q is { Length: > 0 } ? q : null);
        return true;
    }

    /// <summary>The conditions (each starting with AND) for the filters that are set.</summary>
    public string Conditions => string.Concat(
        Health is null ? "" : " AND s.health = ANY(@health_filter)",
        State is null ? "" : " AND s.state = ANY(@state_filter)",
        Setup is null ? "" : " AND s.setup = ANY(@setup_filter)",
        Q is null ? "" : """
             AND (s.id = @q OR s.end_user->>'origin_id' = @q
                  OR s.end_user->>'organization_name' ILIKE '%' || replace(replace(replace(@q, '\', '\\'), '%', '\%'), '_', '\_') || '%')
            """);

    public void AddParameters(NpgsqlCommand command)
    {
        foreach (var (name, value) in new (string, object?)[] { ("health_filter", Health), ("state_filter", State), ("setup_filter", Setup), ("q", Q) })
        {
            if (value is not null)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }

    /// <summary>Describes the filters in the OpenAPI document.</summary>
    public static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint) => endpoint
        .WithQueryList("health", Healths, "Comma list of healths to keep.")
        .WithQueryList("state", States, "Comma list of lifecycle states to keep.")
        .WithQueryList("setup", Setups, "Comma list of setup phases to keep.")
        .WithQuery("q", JsonSchemaType.String, $"Keep the integration with this id or end_user.origin_id (exact), or those whose end_user.organization_name contains this in any case; at most {MaxQLength} characters.");
}
