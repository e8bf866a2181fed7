using System.Net;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

[Collection(KomboClusterCollection.Name)]
public sealed class ApiRequestValidationTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    [Theory]
    [InlineData("/api/integrations?page_size=0", "page_size")]
    [InlineData("/api/integrations?page_size=251", "page_size")]
    [InlineData("/api/integrations?cursor=not-ours", "cursor")]
    [InlineData("/api/integrations/greenhouse:x/users?page_size=ten", "page_size")]
    [InlineData("/api/integrations/greenhouse:x/users?include_deleted=yes", "include_deleted")]
    [InlineData("/api/integrations/greenhouse:x/jobs?include_deleted=1", "include_deleted")]
    [InlineData("/api/integrations/greenhouse:x/jobs?active=open", "active")]
    [InlineData("/api/integrations/greenhouse:x/jobs?status=open", "status")]
    [InlineData("/api/integrations/greenhouse:x/jobs?status=OPEN,PENDING", "status")]
    [InlineData("/api/integrations/greenhouse:x/jobs?status=,", "status")]
    [InlineData("/api/integrations/greenhouse:x/changes?after=-1", "after")]
    [InlineData("/api/integrations/greenhouse:x/changes?after=latest", "after")]
    [InlineData("/api/integrations/greenhouse:x/changes?cursor=%%%", "cursor")]
    [InlineData("/api/integrations/greenhouse:x/widgets", "model")]
    [InlineData("/api/integrations/greenhouse:x/widgets/w-1", "model")]
    public Task Bad_parameters_are_400_with_a_message_naming_the_parameter(string path, string parameter) =>
        Api.AssertErrorAsync(path, HttpStatusCode.BadRequest, parameter);

    [Fact]
    public async Task A_cursor_from_another_list_is_refused()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        await SyncedRows.RecordAsync("ats_users", integration, "user-1");
        await SyncedRows.RecordAsync("ats_users", integration, "user-2");
        await SyncedRows.ChangeAsync(integration, "users", "user-1", "CREATED", ["id"], null, new { id = "user-1" });
        await SyncedRows.ChangeAsync(integration, "users", "user-2", "CREATED", ["id"], null, new { id = "user-2" });
        var usersCursor = (await Api.GetJsonAsync($"/api/integrations/{integration}/users?page_size=1")).GetProperty("next").GetString();
        var changesCursor = (await Api.GetJsonAsync($"/api/integrations/{integration}/changes?page_size=1")).GetProperty("next").GetString();

        foreach (var path in new[]
        {
            $"/api/integrations/{integration}/tags?cursor={usersCursor}", $"/api/integrations/{integration}/jobs?cursor={usersCursor}",
            $"/api/integrations/{integration}/changes?cursor={usersCursor}", $"/api/integrations/{integration}/users?cursor={changesCursor}",
            $"/api/integrations?cursor={usersCursor}", $"/api/webhooks?cursor={changesCursor}",
        })
        {
            await Api.AssertErrorAsync(path, HttpStatusCode.BadRequest, "cursor");
        }
    }

    [Theory]
    [InlineData("GET", "/api/integrations")]
    [InlineData("GET", "/api/integrations/greenhouse:x")]
    [InlineData("GET", "/api/integrations/greenhouse:x/jobs")]
    [InlineData("GET", "/api/integrations/greenhouse:x/candidates/c-1")]
    [InlineData("GET", "/api/integrations/greenhouse:x/changes")]
    [InlineData("POST", "/api/integrations/greenhouse:x/sync")]
    [InlineData("POST", "/api/integrations/greenhouse:x/reconcile")]
    public async Task Every_endpoint_refuses_requests_without_the_api_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await response.ErrorMessageAsync()));
    }
}
