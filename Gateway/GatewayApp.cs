using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.OperatorConsole;
using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Gateway.Operations;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway;

/// <summary>
/// The gateway's table of contents. Program.cs runs it; tests build it in-process with their own arguments.
/// </summary>
public static class GatewayApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="customise">For tests: a last word on the services (e.g. a log sink), applied before the app is built.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customise = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The default address lives here, not in appsettings.json: there it would override ASPNETCORE_URLS (appsettings
        // are read after the ASPNETCORE_ variables), and CONTRACT.md §1 says ASPNETCORE_URLS or --urls decide.
        if (new[] { "urls", "http_ports", "https_ports" }.All(key => string.IsNullOrEmpty(builder.Configuration[key])))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        var postgres = PostgresSetting.Read(builder.Configuration);
        var settings = GatewaySettings.Read(builder.Configuration, builder.Environment);
        var limits = Settings.Read<GatewayLimits>(builder.Configuration, GatewayLimits.Section, l => l.Problem());

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(limits);
        builder.WebHost.ConfigureKestrel(limits.Apply);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres));
        builder.AddClusterClient(postgres);
        // KomboJson's conventions, so responses and the OpenAPI document spell names and enum values as Kombo does.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper));
        });
        builder.Services.AddOpenApi(o => o
            .AddOperationTransformer(OpenApiPathParameters.Describe)
            .AddSchemaTransformer(OpenApiEnums.Describe));
        builder.AddOperations();
        builder.AddWebhooks();
        builder.AddConsole();

        customise?.Invoke(builder);
        var app = builder.Build();
        await PostgresSetting.ProbeAsync(app.Services.GetRequiredService<NpgsqlDataSource>());

        app.UseErrorAnswers();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.MapOperations();
        app.MapOpenApi();
        app.MapApiReference();
        app.MapWebhooks();
        app.MapConsole();
        app.MapGroup("/api").RequireApiKey()
            .MapWebhooksApi()
            .MapIntegrationsApi()
            .MapJobsApi()
            .MapJobSelectionApi()
            .MapJobLinksApi()
            .MapUsersApi()
            .MapRecordsApi()
            .MapChangesApi()
            .MapPackagesApi()
            .MapTriggersApi()
            .MapTriggerApi()
            .MapOrdersApi();
        return app;
    }
}
