using Kombo.Sandbox.Integrations;

namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>A test class with a fresh sandbox, one ready integration of it, and a client for that integration.</summary>
public abstract class IntegrationTest : SandboxTest
{
    protected SandboxIntegration Integration { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The integration the tests use; override for another scale or for changes made up front.</summary>
    protected virtual SandboxIntegration CreateIntegration() => Harness.Ready();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Integration = CreateIntegration();
        Client = Harness.Client(Integration);
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
    }
}
