using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.UnitTests.Catalog;

/// <summary>Every catalog model is served by the internal API at its path: the routes are built, never served.</summary>
public sealed class AtsModelRoutesTests
{
    private static IReadOnlyList<string> Routes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Never opened: the routes only need to know the handlers' data source is a service.
        builder.Services.AddSingleton(NpgsqlDataSource.Create("Host=unused.invalid"));
        var app = builder.Build();
        app.MapGroup("/api").MapJobsApi().MapUsersApi().MapRecordsApi();
        return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!)];
    }

    [Fact]
    public void Each_model_has_a_list_and_a_by_id_route_at_its_api_path()
    {
        var routes = Routes();

        Assert.All(AtsModel.All, model =>
        {
            Assert.Contains($"/api/integrations/{{integration_id}}/{model.ApiPath}", routes);
            // One record by id; routes below it (a user's jobs) are not by-id routes.
            Assert.Single(routes, r => r.StartsWith($"/api/integrations/{{integration_id}}/{model.ApiPath}/{{", StringComparison.Ordinal)
                && r.EndsWith('}') && r.Count(c => c == '/') == 5);
        });
    }
}
