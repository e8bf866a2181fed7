using System.Diagnostics;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrleansKombo.Hosting;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.Operations;

/// <summary>
/// One trace from a webhook's request through its grain call and the pull it starts to Kombo and PostgreSQL, with the
/// production list of sources (<see cref="KomboTracing"/>) and an in-memory exporter in place of OTLP.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class TracingTests(KomboCluster fixture)
{
    private static readonly ActivitySource Test = new("OrleansKombo.Tests.Tracing");

    [Fact]
    public async Task A_webhooks_trace_runs_through_the_grain_call_and_the_kombo_http_call_to_npgsql()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec
        {
            Scale = new GeneratorScale { Jobs = 3, Candidates = 5, Applications = 5, Users = 2, Tags = 2 },
            Seed = 1515,
        });
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);

        var recorder = new TraceRecorder();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Test.Name)
            .AddAspNetCoreInstrumentation()
            .AddKomboSources()
            .AddProcessor(recorder)
            .Build();
        var kombo = new Uri(fixture.Sandbox.BaseUrl).Authority;

        // A data-changed that finds the integration's background work still finishing the last pull is taken by that
        // work, in its own trace; a later one starts the pull in the webhook's. So: a few webhooks, each its own trace.
        IReadOnlyList<Activity> spans = [];
        string missing = "";
        for (var attempt = 0; attempt < 5 && (attempt == 0 || missing.Length > 0); attempt++)
        {
            ActivityTraceId trace;
            using (var root = Test.StartActivity("send data-changed")!)
            {
                trace = root.TraceId;
                recorder.Watch(trace);
                var answer = await fixture.Gateway.Webhooks.SendAsync(KomboEvents.DataChanged(integration.Id));
                answer.EnsureSuccessStatusCode();
            }
            try
            {
                await Poll.UntilAsync(() =>
                {
                    spans = recorder.Spans(trace);
                    missing = Missing(spans, kombo);
                    return missing.Length == 0;
                }, "the trace reaches Kombo and PostgreSQL", TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // Try again with a new trace; the assertion below names what never came.
            }
        }

        Assert.True(missing.Length == 0, $"missing from the trace: {missing}; it has: "
            + string.Join(", ", spans.Select(s => $"{s.Source.Name}:{s.DisplayName}")));
        // The sandbox is an ASP.NET Core app in this process too: its answers to our Kombo calls are in the trace as well.
        Assert.Contains(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
            && (s.GetTagItem("url.path") as string) == "/webhooks/kombo");
    }

    /// <summary>What the trace lacks of gateway → grain → Kombo HTTP → Npgsql, or "" when it has them all.</summary>
    private static string Missing(IReadOnlyList<Activity> spans, string kombo)
    {
        var missing = new List<string>();
        if (!spans.Any(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
                && (s.GetTagItem("url.path") as string) == "/webhooks/kombo"))
        {
            missing.Add("the gateway's webhook request");
        }
        if (!spans.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.Kind == ActivityKind.Server
                && s.DisplayName.Contains("IntegrationGrain", StringComparison.Ordinal)))
        {
            missing.Add("the integration grain's call");
        }
        if (!spans.Any(s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client
                && (s.GetTagItem("url.full") as string)?.Contains(kombo, StringComparison.Ordinal) == true))
        {
            missing.Add("a Kombo HTTP call");
        }
        if (!spans.Any(s => s.Source.Name == "Npgsql"))
        {
            missing.Add("an Npgsql statement");
        }
        return string.Join(", ", missing);
    }
}
