using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;

// Joins the cluster as an Orleans client (README "Grain clients"), reads an integration's status and submits an order's
// result through the public grain API. Settings come from CLIENT_SAMPLE_* environment variables.
static string Setting(string name) =>
    Environment.GetEnvironmentVariable($"CLIENT_SAMPLE_{name}") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"CLIENT_SAMPLE_{name} is not set");

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(o =>
    {
        o.ClusterId = Setting("CLUSTER_ID");
        o.ServiceId = Setting("SERVICE_ID");
    })
    .UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = Setting("POSTGRES");
    }));

using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

var status = await grains.GetGrain<IIntegrationGrain>(Setting("INTEGRATION_ID")).GetStatus();
Console.WriteLine($"integration {status.Id}: state {status.State}, setup {status.Setup}, health {status.Health}");

var answer = await grains.GetGrain<IOrderGrain>(Setting("ORDER_ID")).SubmitResult(new OrderResult(
    ResultStatus.Completed, "https://assessments.example.com/results/client-sample", DateTimeOffset.UtcNow, Score: 88, MaxScore: 100));
Console.WriteLine($"result: {answer.Outcome}{(answer.Message is null ? "" : $" ({answer.Message})")}");

await host.StopAsync();
return answer.Outcome == OrderCommandOutcome.Accepted ? 0 : 1;
