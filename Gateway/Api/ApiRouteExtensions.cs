namespace OrleansKombo.Gateway.Api;

public static class ApiRouteExtensions
{
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group) => group.AddEndpointFilter<ApiKeyFilter>();
}
