namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>A test class with a fresh sandbox (and webhook receiver) per test.</summary>
public abstract class SandboxTest : IAsyncLifetime
{
    protected SandboxHarness Harness { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Harness = await SandboxHarness.StartAsync();

    public virtual async Task DisposeAsync() => await Harness.DisposeAsync();
}
