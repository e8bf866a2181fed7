using OrleansKombo.Gateway;
using OrleansKombo.Hosting;

try
{
    await using var app = await GatewayApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (StartupFailure failure)
{
    Console.Error.WriteLine($"error: {failure.Message}");
    return 2;
}
