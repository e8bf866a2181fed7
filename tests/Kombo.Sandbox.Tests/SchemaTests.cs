using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary>Every response validates against Kombo's own OpenAPI schemas (read from ../shared, never copied).</summary>
public sealed class SchemaTests : IntegrationTest
{
    protected override SandboxIntegration CreateIntegration()
    {
        var created = Harness.Ready(new GeneratorScale { Jobs = 80, Candidates = 250, Applications = 500, Users = 40, Tags = 30 });
        // Every kind of change, so changed, deleted and anonymised records are validated too.
        created.UpdateRecords(SandboxModel.Candidates, 5);
        created.MoveApplications(5);
        created.TagCandidates(5);
        created.ChangeJobStages(created.Records(SandboxModel.Jobs)[0].Id, StageAction.Add);
        foreach (var model in SandboxModels.All)
        {
            created.DeleteRecords(model, 2);
        }
        created.Anonymise(TimeSpan.Zero);
        return created;
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
            var json = await Client.GetStringAsync(path);
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
        var json = await Client.GetStringAsync("ats/tags?page_size=1");
        var broken = json.Replace("\"changed_at\":", "\"changed_at\":null,\"x\":", StringComparison.Ordinal);
        Assert.NotEmpty(KomboSchemas.Errors(KomboSchemas.Component("GetAtsTagsPositiveResponse"), broken));
        var application = await Client.GetStringAsync("ats/applications?page_size=1");
        var badEnum = System.Text.RegularExpressions.Regex.Replace(application, "\"outcome\":(\"[A-Z]+\"|null)", "\"outcome\":\"MAYBE\"");
        Assert.NotEqual(application, badEnum);
        Assert.NotEmpty(KomboSchemas.Errors(KomboSchemas.Component("GetAtsApplicationsPositiveResponse"), badEnum));
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Error_responses_validate_against_Kombos_error_schema()
    {
        var schema = KomboSchemas.ErrorResponse();
        using var response = await Client.GetAsync("ats/jobs?page_size=999");
        Assert.Empty(KomboSchemas.Errors(schema, await response.Content.ReadAsStringAsync()));
        var pending = Harness.Sandbox.CreateIntegration();
        using var pendingClient = Harness.Client(pending);
        using var pendingResponse = await pendingClient.GetAsync("ats/jobs");
        Assert.Empty(KomboSchemas.Errors(schema, await pendingResponse.Content.ReadAsStringAsync()));
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Integration_details_and_check_api_key_validate_against_Kombos_schemas()
    {
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Component("GetIntegrationsIntegrationIdPositiveResponse"),
            await Client.GetStringAsync($"integrations/{Uri.EscapeDataString(Integration.Id)}")));
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Component("GetCheckApiKeyPositiveResponse"), await Client.GetStringAsync("check-api-key")));
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Assessment_responses_validate_against_Kombos_schemas()
    {
        var put = await SandboxHarness.Send(Client, HttpMethod.Put, "assessment/packages",
            """{"packages":[{"id":"typescript_test","type":"SKILLS_TEST","name":"TypeScript","description":"Coding test"}]}""");
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/packages", "put"), put.Body.GetRawText()));
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/packages", "get"), await Client.GetStringAsync("assessment/packages")));

        var application = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted);
        await Integration.CreateOrderAsync(new OrderSpec { ApplicationId = application.Id });
        await Integration.CreateOrderAsync(new OrderSpec { CandidateEmail = "only.an.email@example.com", DeliverWebhook = false });
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/orders", "get"), await Client.GetStringAsync("assessment/orders")));
        Assert.Empty(KomboSchemas.Errors(KomboSchemas.Response("/assessment/orders/open", "get"), await Client.GetStringAsync("assessment/orders/open")));
    }
}
