using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Hosting;

namespace OrleansKombo.UnitTests.Operations;

/// <summary>Configured API keys are compared as presented ones are: without surrounding white space.</summary>
public sealed class GatewaySettingsTests
{
    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private static GatewaySettings Read(params string[] keys) => GatewaySettings.Read(new ConfigurationBuilder()
        .AddInMemoryCollection(keys.Select((k, i) => new KeyValuePair<string, string?>($"Gateway:ApiKeys:{i}", k)))
        .Build(), new Environment());

    [Fact]
    public void A_key_configured_with_a_stray_space_or_newline_is_trimmed()
    {
        var settings = Read("  padded-key-0123456789\n", "\tother-key-0123456789 ");

        Assert.Equal(["padded-key-0123456789", "other-key-0123456789"], settings.ApiKeys);
    }

    [Fact]
    public void The_length_rule_counts_the_trimmed_key() =>
        Assert.StartsWith("Gateway:ApiKeys", Assert.Throws<StartupFailure>(() => Read("   short-key     ")).Message);
}
