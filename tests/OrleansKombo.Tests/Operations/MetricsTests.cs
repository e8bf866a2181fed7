using System.Text.RegularExpressions;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OrleansKombo.Tests.Operations;

/// <summary>What an operator's Prometheus finds on a silo and a gateway after a day's ordinary work, and the alert rules over it.</summary>
public sealed partial class MetricsTests(MetricsSystem system) : IClassFixture<MetricsSystem>
{
    [Fact]
    public void A_silo_exports_its_pulls_kombos_error_codes_and_orleans_own_meters_on_its_metrics_port()
    {
        var scrape = system.SiloScrape;

        Assert.Matches(Series("kombo_pull_duration_seconds_bucket", "mode", "delta"), scrape);
        foreach (var counter in new[] { "kombo_pull_pages_total", "kombo_pull_records_read_total", "kombo_pull_records_changed_total" })
        {
            Assert.Matches(Series(counter, "model", "candidates"), scrape);
        }
        Assert.Matches(Series("kombo_api_errors_total", "code", "INTEGRATION.SETUP_SYNC_PENDING"), scrape);
        Assert.Matches(Series("kombo_api_errors_total", "operation", "read"), scrape);
        Assert.Matches(new Regex("^orleans_", RegexOptions.Multiline), scrape);
        Assert.Matches(new Regex("^dotnet_gc_", RegexOptions.Multiline), scrape);
        Assert.DoesNotContain(system.Integration.Id, scrape);
    }

    [Fact]
    public void A_gateway_exports_the_read_models_gauges_without_one_series_per_integration()
    {
        var scrape = system.GatewayScrape;

        Assert.Matches(Series("kombo_integrations", "health", "OK"), scrape);
        Assert.Matches(new Regex(@"^kombo_integration_lag_worst_seconds(\{[^}]*\})? [0-9.e+]+", RegexOptions.Multiline), scrape);
        Assert.Matches(new Regex(@"^kombo_integration_lag_p95_seconds(\{[^}]*\})? [0-9.e+]+", RegexOptions.Multiline), scrape);
        foreach (var status in new[] { "RECEIVED", "REJECTED", "INVITED", "COMPLETED", "CANCELLED" })
        {
            Assert.Matches(Series("kombo_orders", "status", status), scrape);
        }
        Assert.Matches(new Regex("^kombo_orders_flagged", RegexOptions.Multiline), scrape);
        Assert.Matches(Series("kombo_write_backs", "status", "FAILED"), scrape);
        Assert.Matches(Series("kombo_invitations", "status", "IN_DOUBT"), scrape);
        Assert.Matches(Series("kombo_invitations", "status", "PENDING"), scrape);
        Assert.Matches(Series("kombo_webhook_inbox", "status", "DEAD"), scrape);
        Assert.Matches(Series("kombo_webhook_inbox", "status", "RECEIVED"), scrape);
        Assert.Matches(new Regex(@"^kombo_silos_active(\{[^}]*\})? [1-9]", RegexOptions.Multiline), scrape);
        Assert.Matches(Series("kombo_webhooks_answered_total", "type", "sync-finished"), scrape);
        Assert.DoesNotContain(system.Integration.Id, scrape);
    }

    [Fact]
    public void The_alert_rules_parse_cover_the_issues_list_and_name_only_metrics_we_export()
    {
        var path = Path.Combine(RepoPaths.Root, "deploy", "prometheus", "alerts.yml");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }
        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["groups"];
        var rules = groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()).ToList();
        var exported = MetricNames(system.SiloScrape).Concat(MetricNames(system.GatewayScrape)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var name = Scalar(rule, "alert");
            var expr = Scalar(rule, "expr");
            Assert.True(TimeSpanText().IsMatch(Scalar(rule, "for")), $"{name}: 'for' is a Prometheus duration");
            Assert.Contains(Scalar((YamlMappingNode)rule["labels"], "severity"), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(Scalar((YamlMappingNode)rule["annotations"], "summary")), $"{name} has a summary");
            Assert.Equal(expr.Count(c => c == '('), expr.Count(c => c == ')'));
            var named = MetricReference().Matches(expr).Select(m => m.Value).Where(n => n.StartsWith("kombo_", StringComparison.Ordinal)).ToList();
            Assert.True(named.Count > 0, $"{name} names one of our metrics: {expr}");
            foreach (var metric in named)
            {
                Assert.True(exported.Contains(metric), $"{name} names {metric}, which neither the silo nor the gateway exports");
            }
        }

        var all = string.Join('\n', rules.Select(r => Scalar(r, "expr")));
        Assert.Contains("health=\"NEEDS_CUSTOMER_ACTION\"", all);
        Assert.Contains("kombo_integration_lag_worst_seconds", all);
        Assert.Contains("status=\"DEAD\"", all);
        Assert.Contains("kombo_write_backs{status=\"FAILED\"}", all);
        Assert.Contains("kombo_invitations{status=\"IN_DOUBT\"}", all);
        Assert.Contains("kombo_silos_active", all);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_set_the_silo_and_the_gateway_export_their_traces_to_it()
    {
        // The pull and the webhooks of the fixture's integration are traced; the batch exporter sends them within a second.
        await Poll.UntilAsync(() =>
        {
            var received = system.Otlp.Received;
            return received.Contains("orleans-kombo-silo", StringComparison.Ordinal)
                && received.Contains("orleans-kombo-gateway", StringComparison.Ordinal)
                && received.Contains("Npgsql", StringComparison.Ordinal)
                && received.Contains("System.Net.Http", StringComparison.Ordinal);
        }, "traces of both services, with Npgsql and HTTP spans, reach the OTLP endpoint");
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    /// <summary>Sample names (a histogram's _bucket, _sum and _count too) of a Prometheus text scrape.</summary>
    private static IEnumerable<string> MetricNames(string scrape) => scrape.Split('\n')
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => l[..l.IndexOfAny(['{', ' '])]);

    private static Regex Series(string name, string label, string value) =>
        new($"^{Regex.Escape(name)}\\{{[^}}]*{label}=\"{Regex.Escape(value)}\"", RegexOptions.Multiline);

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\{|\[|\)|$|\s*[<>=!]))")]
    private static partial Regex MetricReference();

    [GeneratedRegex(@"^[0-9]+(ms|s|m|h|d)$")]
    private static partial Regex TimeSpanText();
}
