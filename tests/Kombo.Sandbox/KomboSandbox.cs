using System.Net.Http.Headers;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Hosting;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using Kombo.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace Kombo.Sandbox;

/// <summary>
/// A running sandbox: real Kestrel on a loopback port, the Kombo API under <see cref="BaseUrl"/>, the control API
/// under <see cref="ControlUrl"/>, and the same control surface in C# (<see cref="CreateIntegration"/>, the
/// <see cref="SandboxIntegration"/> handles, <see cref="Webhooks"/>, <see cref="Requests"/>).
/// </summary>
public sealed class KomboSandbox : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;
    private readonly Task demo;

    private KomboSandbox(WebApplication app, string rootUrl, SandboxIntegration? initial, CancellationTokenSource stopping, Task demo)
    {
        this.app = app;
        RootUrl = rootUrl;
        Initial = initial;
        this.stopping = stopping;
        this.demo = demo;
    }

    public static async Task<KomboSandbox> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var app = SandboxWebApp.Build(options);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var state = app.Services.GetRequiredService<SandboxState>();
        SandboxIntegration? initial = null;
        if (options.Demo || options.InitialScale is not null)
        {
            initial = state.Create(new IntegrationSpec { Scale = options.InitialScale ?? GeneratorScale.Demo, Ready = !options.Demo });
            if (options.WarmUp)
            {
                initial.WarmUp();
            }
        }
        var stopping = new CancellationTokenSource();
        var demo = Task.CompletedTask;
        if (options.Demo)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kombo.Sandbox.Demo");
            demo = Task.Run(() => new DemoMode(initial!, options, logger).RunAsync(stopping.Token));
        }
        return new KomboSandbox(app, address.TrimEnd('/'), initial, stopping, demo);
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string RootUrl { get; }

    /// <summary>Kombo's API base, ending in <c>/v1</c>: what <c>Kombo__BaseUrl</c> should be.</summary>
    public string BaseUrl => RootUrl + "/v1";

    public string ControlUrl => RootUrl + "/sandbox";

    public SandboxState State => app.Services.GetRequiredService<SandboxState>();

    public SandboxOptions Options => State.Options;

    public string ApiKey => Options.ApiKey;

    /// <summary>The integration the sandbox started with (demo mode or an initial scale), if any.</summary>
    public SandboxIntegration? Initial { get; }

    public WebhookDispatcher Webhooks => State.Webhooks;

    public RequestRecorder Requests => State.Requests;

    public IReadOnlyList<SandboxIntegration> Integrations => State.Integrations;

    /// <summary>Creates an integration with generated data (sends <c>integration-created</c>).</summary>
    public SandboxIntegration CreateIntegration(IntegrationSpec? spec = null) => State.Create(spec ?? new IntegrationSpec());

    public SandboxIntegration Integration(string id) => State.Get(id);

    /// <summary>Deletes an integration; the task ends when <c>integration-deleted</c> has been delivered (or given up).</summary>
    public Task DeleteIntegrationAsync(string id) => State.Delete(id);

    /// <summary>An <see cref="HttpClient"/> for <see cref="BaseUrl"/> with the bearer key and, when given, <c>X-Integration-Id</c>.</summary>
    public HttpClient CreateClient(string? integrationId = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        if (integrationId is not null)
        {
            client.DefaultRequestHeaders.Add("X-Integration-Id", integrationId);
        }
        return client;
    }

    /// <summary>Runs until the process is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await demo;
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
