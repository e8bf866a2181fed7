using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary>Every response validates against Kombo's own OpenAPI schemas (read from ../shared, never copied).</summary>
public sealed class SchemaTests : IAsyncLifetime
{
    private SandboxHarness harness = null!;
    private SandboxIntegration integration = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        harness = await SandboxHarness.StartAsync();
        integration = harness.Ready(new GeneratorScale { Jobs = 80, Candidates = 250, Applications = 500, Users = 40, Tags = 30 });
        // Every kind of change, so changed, deleted and anonymised records are validated too.
        integration.UpdateRecords(SandboxModel.Candidates, 5);
        integration.MoveApplications(5);
        integration.TagCandidates(5);
        integration.ChangeJobStages(integration.Records(SandboxModel.Jobs)[0].Id, StageAction.Add);
        foreach (var model in SandboxModels.All)
        {
            integration.DeleteRecords(model, 2);
        }
        integration.Anonymise(TimeSpan.Zero);
        client = harness.Client(integration);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await harness.DisposeAsync();
    }

    [SharedFileTheory(KomboSchemas.OpenApiFile)]
    [InlineData("jobs", "GetAtsJobsPositiveResponse")]
    [InlineData("candidates", "GetAtsCandidatesPositiveResponse")]
    [InlineData("applications", "GetAtsApplicationsPositiveResponse")]
    [InlineData("users", "GetAtsUsersPositiveResponse")]
    [InlineData("tags", "GetAtsTagsPositiveResponse")]
    [InlineData("application-stages", "GetAtsApplicationStagesPositiveResponse")]
    public async Task Every_page_of_each_ATS_endpoint_validates_against_Kombos_schema(string model, string schemaName)
    {
        var schema = KomboSchemas.Component(schemaName);
        string? cursor = null;
        var pages = 0;
        do
        {
            var path = cursor is null ? $"ats/{model}?page_size=250&include_deleted=true" : $"ats/{model}?cursor={cursor}";
            var json = await client.GetStringAsync(path);
            Assert.Empty(KomboSchemas.Errors(schema, json));
            cursor = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null);
        Assert.True(pages >= 1);
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task The_schema_check_catches_a_record_that_breaks_the_schema()
    {
        var json = await client.GetStringAsync("ats/tags?page_size=1");
        var broken = json.Replace("\"changed_at\":", "\"changed_at\":null,\"x\":", StringComparison.Ordinal);
        Assert.NotEmpty(KomboSchemas.Errors(KomboSchemas.Component("GetAtsTagsPositiveResponse"), broken));
        var application = await client.GetStringAsync("ats/applications?page_size=1");
        var badEnum = System.Text.RegularExpressions.Regex.Replace(application, "\"outcome\":(\"[A-Z]+\"|null)", "\"outcome\":\"MAYBE\"");
        Assert.NotEqual(application, badEnum);
        Assert.NotEmpty(KomboSchemas.Errors(KomboSchemas.Component("GetAtsApplicationsPositiveResponse"), badEnum));
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Error_responses_validate_against_Kombos_error_schema()
    {
        var schema = KomboSchemas.ErrorResponse();
        using var response = await client.GetAsync("ats/jobs?page_size=999");
        Assert.Empty(KomboSchemas.Errors(schema, await response.Content.ReadAsStringAsync()));
        var pending = harness.Sandbox.CreateIntegration();
        using var pendingClient = harness.Client(pending);
        using var pendingResponse = await pendingClient.GetAsync("ats/jobs");
        Assert.Empty(KomboSchemas.Errors(schema, await pendingResponse.Content.ReadAsStringAsync()));
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Assessment_responses_validate_against_Kombos_schemas()
    {
        var put = await SandboxHarness.Send(client, HttpMethod.Put, "assessment/packages",
            """{"packages":[{"id":"typescript_test","type":"SKILLS_TEST","name":"TypeScript","description":"Coding test"}]}""");
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/packages", "put"), put.Body.GetRawText()));
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/packages", "get"), await client.GetStringAsync("assessment/packages")));

        var application = integration.Records(SandboxModel.Applications).First(a => !a.Deleted);
        await integration.CreateOrderAsync(new OrderSpec { ApplicationId = application.Id });
        await integration.CreateOrderAsync(new OrderSpec { CandidateEmail = "only.an.email@example.com", DeliverWebhook = false });
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/orders", "get"), await client.GetStringAsync("assessment/orders")));
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/orders/open", "get"), await client.GetStringAsync("assessment/orders/open")));
    }
}
