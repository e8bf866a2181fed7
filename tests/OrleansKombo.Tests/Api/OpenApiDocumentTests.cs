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
}
