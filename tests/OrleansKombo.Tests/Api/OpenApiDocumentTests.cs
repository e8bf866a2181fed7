using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

[Collection(KomboClusterCollection.Name)]
public sealed class OpenApiDocumentTests(KomboCluster fixture)
{
    [Fact]
    public async Task The_openapi_document_describes_every_internal_api_path_with_a_summary()
    {
        var document = await fixture.Gateway.Http.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/api/integrations", "/api/integrations/{integration_id}", "/api/integrations/{integration_id}/sync",
            "/api/integrations/{integration_id}/reconcile", "/api/integrations/{integration_id}/jobs",
            "/api/integrations/{integration_id}/jobs/{job_id}", "/api/integrations/{integration_id}/candidates",
            "/api/integrations/{integration_id}/candidates/{record_id}", "/api/integrations/{integration_id}/applications",
            "/api/integrations/{integration_id}/users", "/api/integrations/{integration_id}/tags",
            "/api/integrations/{integration_id}/application-stages",
            "/api/integrations/{integration_id}/application-stages/{record_id}", "/api/integrations/{integration_id}/changes",
            "/api/integrations/{integration_id}/job-selection", "/api/integrations/{integration_id}/jobs/{job_id}/selection",
            "/api/integrations/{integration_id}/job-links", "/api/integrations/{integration_id}/job-links/{vendor_job_id}",
            "/api/integrations/{integration_id}/job-links/{vendor_job_id}/confirm", "/api/integrations/{integration_id}/users/{user_id}/jobs",
            "/api/integrations/{integration_id}/users/{record_id}", "/api/integrations/{integration_id}/triggers",
            "/api/integrations/{integration_id}/applications/{application_id}/trigger",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            foreach (var operation in item.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} {path} has no summary");
            }
        }
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("{model}"));
        Assert.True(paths.GetProperty("/api/integrations/{integration_id}/sync").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        var jobParameters = paths.GetProperty("/api/integrations/{integration_id}/jobs").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet();
        Assert.Equal(new HashSet<string>
        {
            "integration_id", "page_size", "cursor", "status", "active", "include_deleted", "selected", "q", "job_code", "post_url", "remote_id",
        }, jobParameters);
    }

    /// <summary>Parameters whose values are a closed list: the document must list them (as the parameter's enum or its items').</summary>
    private static readonly HashSet<string> EnumParameters = ["status", "health", "state", "setup", "mode"];

    [Fact]
    public async Task Every_parameter_of_every_route_is_described_and_closed_lists_carry_their_enum()
    {
        var document = await fixture.Gateway.Http.GetJsonAsync("/openapi/v1.json");

        var checkedParameters = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                if (!operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    continue;
                }
                foreach (var parameter in parameters.EnumerateArray())
                {
                    var name = parameter.GetProperty("name").GetString()!;
                    var where = $"{operation.Name.ToUpperInvariant()} {path.Name} parameter {name}";
                    Assert.True(parameter.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()),
                        $"{where} has no description");
                    if (EnumParameters.Contains(name))
                    {
                        var schema = parameter.GetProperty("schema");
                        var values = schema.TryGetProperty("items", out var items) ? items : schema;
                        Assert.True(values.TryGetProperty("enum", out var list) && list.GetArrayLength() > 0, $"{where} does not list its values");
                    }
                    checkedParameters++;
                }
            }
        }
        Assert.True(checkedParameters > 50, $"only {checkedParameters} parameters found");

        var webhooksStatus = document.GetProperty("paths").GetProperty("/api/webhooks").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "status");
        Assert.Contains("DEAD", webhooksStatus.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task An_integrations_state_setup_and_health_list_their_values()
    {
        var document = await fixture.Gateway.Http.GetJsonAsync("/openapi/v1.json");

        var view = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Select(s => s.Value).First(s => s.TryGetProperty("properties", out var p) && p.TryGetProperty("health", out _))
            .GetProperty("properties");
        string[] Enum(string property) => [.. view.GetProperty(property).GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];
        Assert.Equal(["ACTIVE", "INVALID", "INACTIVE", "DELETED"], Enum("state"));
        Assert.Equal(["PENDING_FIRST_SYNC", "READY"], Enum("setup"));
        Assert.Equal(["OK", "NEEDS_CUSTOMER_ACTION", "KOMBO_ISSUE", "DEGRADED"], Enum("health"));
    }

    [Fact]
    public async Task The_api_reference_at_scalar_renders_the_document_with_nothing_loaded_from_outside()
    {
        var page = await fixture.Gateway.Http.GetAsync("/scalar");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();

        Assert.True(html.Contains("v1.json", StringComparison.Ordinal), html);
        // Every script, stylesheet, font or image the page names is the gateway's own: no CDN, no telemetry.
        var external = System.Text.RegularExpressions.Regex.Matches(html, @"(?:src|href)\s*=\s*[""']?(https?:)?//[^""'\s>]+")
            .Select(m => m.Value).ToList();
        Assert.True(external.Count == 0, html);
        Assert.DoesNotContain("cdn.jsdelivr", html);
        Assert.DoesNotContain("fonts.scalar.com", html);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, @"<script[^>]*\ssrc=[""']([^""']+)[""']").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        var largest = 0;
        foreach (var script in scripts)
        {
            var asset = await fixture.Gateway.Http.GetAsync(new Uri(new Uri(fixture.Gateway.BaseAddress, "/scalar/"), script));
            Assert.True(asset.IsSuccessStatusCode, $"{script}: {(int)asset.StatusCode}");
            largest = Math.Max(largest, (await asset.Content.ReadAsByteArrayAsync()).Length);
        }
        Assert.True(largest > 100_000, $"Scalar's bundle is served by the gateway (largest script: {largest} bytes)");
    }
}
