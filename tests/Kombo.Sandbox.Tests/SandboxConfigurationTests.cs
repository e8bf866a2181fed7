using Kombo.Sandbox.Data;
using Kombo.Sandbox.Hosting;

namespace Kombo.Sandbox.Tests;

public sealed class SandboxConfigurationTests
{
    [Fact]
    public void Command_line_options_set_the_key_webhook_and_demo()
    {
        var options = SandboxConfiguration.FromArgs(
            ["--urls", "http://127.0.0.1:5999", "--api-key", "k", "--webhook-url", "http://127.0.0.1:5080/webhooks/kombo", "--webhook-secret", "s", "--demo"]);
        Assert.Equal("http://127.0.0.1:5999", options.Urls);
        Assert.Equal("k", options.ApiKey);
        Assert.Equal("http://127.0.0.1:5080/webhooks/kombo", options.WebhookUrl);
        Assert.Equal("s", options.WebhookSecret);
        Assert.True(options.Demo);
        Assert.Equal(GeneratorScale.Demo, options.InitialScale);
    }

    [Fact]
    public void A_bare_demo_flag_before_another_option_does_not_swallow_it()
    {
        var options = SandboxConfiguration.FromArgs(["--demo", "--api-key", "k2", "--demo-change-seconds", "0.5"]);
        Assert.True(options.Demo);
        Assert.Equal("k2", options.ApiKey);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.DemoChangeEvery);
    }

    [Fact]
    public void Scale_options_without_demo_create_one_ready_integration_of_that_scale()
    {
        var options = SandboxConfiguration.FromArgs(["--jobs", "2000", "--applications", "100000", "--seed", "9"]);
        Assert.False(options.Demo);
        Assert.Equal(GeneratorScale.Small with { Jobs = 2000, Applications = 100_000 }, options.InitialScale);
        Assert.Equal(9, options.Seed);
        Assert.Null(SandboxConfiguration.FromArgs([]).InitialScale);
    }
}
