using System.Globalization;
using Kombo.Sandbox.Data;
using Microsoft.Extensions.Configuration;

namespace Kombo.Sandbox.Hosting;

/// <summary>
/// Reads <see cref="SandboxOptions"/> for the process: command-line options (<c>--api-key</c>, …), environment
/// variables (<c>Sandbox__ApiKey</c>, …) and <c>ASPNETCORE_URLS</c>/<c>--urls</c>.
/// </summary>
public static class SandboxConfiguration
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--api-key"] = "Sandbox:ApiKey",
        ["--webhook-url"] = "Sandbox:WebhookUrl",
        ["--webhook-secret"] = "Sandbox:WebhookSecret",
        ["--webhook-attempts"] = "Sandbox:WebhookAttempts",
        ["--demo"] = "Sandbox:Demo",
        ["--demo-first-sync-seconds"] = "Sandbox:DemoFirstSyncSeconds",
        ["--demo-change-seconds"] = "Sandbox:DemoChangeSeconds",
        ["--demo-trigger-stage"] = "Sandbox:DemoTriggerStage",
        ["--seed"] = "Sandbox:Seed",
        ["--jobs"] = "Sandbox:Jobs",
        ["--candidates"] = "Sandbox:Candidates",
        ["--applications"] = "Sandbox:Applications",
        ["--users"] = "Sandbox:Users",
        ["--tags"] = "Sandbox:Tags",
        ["--urls"] = "urls",
    };

    public static SandboxOptions FromArgs(string[] args)
    {
        // A bare --demo means true; the command-line provider would otherwise take the next option as its value.
        var normalised = args.Select((a, i) => a == "--demo" && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) ? "--demo=true" : a).ToArray();
        var config = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(normalised, Switches)
            .Build();
        var sandbox = config.GetSection("Sandbox");
        var defaults = new SandboxOptions();
        var demo = sandbox.GetValue("Demo", false);
        return defaults with
        {
            Urls = config["urls"] ?? config["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5090",
            ApiKey = sandbox["ApiKey"] ?? defaults.ApiKey,
            WebhookUrl = sandbox["WebhookUrl"],
            WebhookSecret = sandbox["WebhookSecret"] ?? defaults.WebhookSecret,
            WebhookAttempts = sandbox.GetValue("WebhookAttempts", defaults.WebhookAttempts),
            Demo = demo,
            DemoFirstSyncAfter = TimeSpan.FromSeconds(sandbox.GetValue("DemoFirstSyncSeconds", defaults.DemoFirstSyncAfter.TotalSeconds)),
            DemoChangeEvery = TimeSpan.FromSeconds(sandbox.GetValue("DemoChangeSeconds", defaults.DemoChangeEvery.TotalSeconds)),
            DemoTriggerStage = sandbox["DemoTriggerStage"],
            Seed = sandbox.GetValue("Seed", defaults.Seed),
            InitialScale = Scale(sandbox, demo),
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Information,
        };
    }

    private static GeneratorScale? Scale(IConfigurationSection sandbox, bool demo)
    {
        string[] keys = ["Jobs", "Candidates", "Applications", "Users", "Tags"];
        if (!keys.Any(k => sandbox[k] is not null))
        {
            return demo ? GeneratorScale.Demo : null;
        }
        var basis = demo ? GeneratorScale.Demo : GeneratorScale.Small;
        int Get(string key, int fallback) => sandbox[key] is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new GeneratorScale
        {
            Jobs = Get("Jobs", basis.Jobs),
            Candidates = Get("Candidates", basis.Candidates),
            Applications = Get("Applications", basis.Applications),
            Users = Get("Users", basis.Users),
            Tags = Get("Tags", basis.Tags),
        };
    }
}
