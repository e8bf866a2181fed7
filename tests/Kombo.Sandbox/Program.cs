using Kombo.Sandbox;
using Kombo.Sandbox.Hosting;

// dotnet Kombo.Sandbox.dll --urls http://127.0.0.1:5090 --api-key KEY --webhook-url URL --webhook-secret SECRET [--demo]
var options = SandboxConfiguration.FromArgs(args);
await using var sandbox = await KomboSandbox.StartAsync(options);

Console.WriteLine($"Kombo sandbox listening: {sandbox.BaseUrl} (control API: {sandbox.ControlUrl})");
Console.WriteLine($"  Kombo API key it accepts: {sandbox.ApiKey}");
Console.WriteLine($"  webhooks: {options.WebhookUrl ?? "(none: set --webhook-url)"}");
if (sandbox.Initial is { } initial)
{
    Console.WriteLine($"  {(options.Demo ? "demo integration" : "integration")}: {initial.Id}");
}
await sandbox.WaitForShutdownAsync();
