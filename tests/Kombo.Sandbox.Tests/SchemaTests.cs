using System.Net;
using System.Text;
using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;
using NJsonSchema;

namespace Kombo.Sandbox.Tests;

/// <summary>
/// Every body the sandbox serves under <c>/v1</c> validates against Kombo's own OpenAPI schemas (read from ../shared,
/// never copied): each ATS read on every page, with and without deleted records; integration details in every
/// lifecycle state; the platform endpoints; packages and orders in every status on every page; every write's success
/// answer; and every error envelope against the error schema its endpoint declares.
/// </summary>
public sealed class SchemaTests : IntegrationTest
{
    private const string Completed = """{"status":"COMPLETED","result_url":"https://vendor.example/results/1","completed_at":"2026-04-04T00:00:00.000Z","score":90,"max_score":100}""";

    protected override SandboxIntegration CreateIntegration()
    {
        var created = Harness.Ready(new GeneratorScale { Jobs = 80, Candidates = 250, Applications = 500, Users = 40, Tags = 30 });
        // Every kind of change, so changed, deleted and anonymised records are validated too.
        created.UpdateRecords(SandboxModel.Candidates, 5);
        created.MoveApplications(5);
        created.TagCandidates(5);
        created.ChangeJobStages(created.Records(SandboxModel.Jobs)[0].Id, StageAction.Add);
        created.ChangeJobStages(created.Records(SandboxModel.Jobs)[1].Id, StageAction.Remove);
        created.SetJobStatus("CLOSED", 3);
        created.SetJobStatus("On hold", 2);
        foreach (var model in SandboxModels.All)
        {
            created.CreateRecords(model, 2);
            created.UpdateRecords(model, 2);
            created.DeleteRecords(model, 2);
        }
        created.Anonymise(TimeSpan.Zero);
        return created;
    }

    private static void AssertValid(JsonSchema schema, string json, string what)
    {
        var errors = KomboSchemas.Errors(schema, json);
        Assert.True(errors.Count == 0, $"{what} breaks Kombo's schema:\n{string.Join("\n", errors.Take(40))}\n{json[..Math.Min(json.Length, 2000)]}");
    }

    [SharedFileTheory(KomboSchemas.OpenApiFile)]
    [InlineData("jobs", true)]
    [InlineData("jobs", false)]
    [InlineData("candidates", true)]
    [InlineData("candidates", false)]
    [InlineData("applications", true)]
    [InlineData("applications", false)]
    [InlineData("users", true)]
    [InlineData("users", false)]
    [InlineData("tags", true)]
    [InlineData("tags", false)]
    [InlineData("application-stages", true)]
    [InlineData("application-stages", false)]
    public async Task Every_page_of_each_ATS_endpoint_validates_against_Kombos_schema(string model, bool includeDeleted)
    {
        var schema = KomboSchemas.Response("/ats/" + model, "get");
        string? cursor = null;
        var pages = 0;
        var records = 0;
        do
        {
            // Small pages, so every model spans several and each cursor's page is checked.
            var path = cursor is null
                ? $"ats/{model}?page_size=15" + (includeDeleted ? "&include_deleted=true" : "")
                : $"ats/{model}?page_size=15&cursor={Uri.EscapeDataString(cursor)}";
            var json = await Client.GetStringAsync(path);
            AssertValid(schema, json, $"page {pages} of {model}");
            var data = JsonDocument.Parse(json).RootElement.GetProperty("data");
            records += data.GetProperty("results").GetArrayLength();
            cursor = data.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null);
        var expected = Integration.Records(SandboxModels.Parse(model)!.Value).Count(r => includeDeleted || !r.Deleted);
        Assert.Equal(expected, records);
        Assert.True(pages >= 2, $"{model} fits one page; the test wants several");
    }

    /// <summary>
    /// Seeds nobody picked: the generator's rarer branches (screening question formats, raw enum strings, null
    /// locations, anonymised records) show up in some seeds only. A failure names its seed, so it can be replayed.
    /// </summary>
    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Generated_data_of_random_seeds_validates_against_Kombos_schemas()
    {
        var seeds = Enumerable.Range(0, 5).Select(_ => Random.Shared.Next()).ToList();
        foreach (var seed in seeds)
        {
            var integration = Harness.Ready(new GeneratorScale { Jobs = 15, Candidates = 60, Applications = 120, Users = 8, Tags = 6 }, seed);
            foreach (var model in SandboxModels.All)
            {
                integration.UpdateRecords(model, 2);
                integration.DeleteRecords(model, 1);
            }
            integration.SetJobStatus("ARCHIVED", 1);
            integration.Anonymise(TimeSpan.Zero);
            using var client = Harness.Client(integration);
            foreach (var model in SandboxModels.All)
            {
                var json = await client.GetStringAsync($"ats/{model.PathName()}?page_size=250&include_deleted=true");
                AssertValid(KomboSchemas.Response("/ats/" + model.PathName(), "get"), json, $"{model.PathName()} of seed {seed}");
            }
        }
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task A_delta_read_with_updated_after_validates_against_Kombos_schema()
    {
        var since = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Integration.UpdateRecords(SandboxModel.Jobs, 3);
        Integration.DeleteRecords(SandboxModel.Applications, 3);
        foreach (var model in SandboxModels.All)
        {
            var json = await Client.GetStringAsync($"ats/{model.PathName()}?updated_after={since}&include_deleted=true");
            AssertValid(KomboSchemas.Response("/ats/" + model.PathName(), "get"), json, $"delta read of {model.PathName()}");
        }
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Integration_details_validate_in_every_lifecycle_state()
    {
        var schema = KomboSchemas.Response("/integrations/{integration_id}", "get");
        async Task Check(SandboxIntegration integration, string what)
        {
            var json = await Client.GetStringAsync($"integrations/{Uri.EscapeDataString(integration.Id)}");
            AssertValid(schema, json, what);
        }

        await Check(Integration, "a ready integration");
        var pending = Harness.Sandbox.CreateIntegration(new IntegrationSpec { Tool = "workday" });
        await Check(pending, "an integration waiting for its setup sync");
        await pending.SetStateAsync(state: "INVALID", qaStatus: "FAILED", setupStatus: "INCOMPLETE");
        await Check(pending, "an INVALID integration with failed QA and incomplete setup");
        await pending.SetStateAsync(state: "INACTIVE", qaStatus: "PENDING", setupStatus: "COMPLETED");
        await Check(pending, "an INACTIVE integration");
        var noCreator = Harness.Sandbox.CreateIntegration(new IntegrationSpec { Ready = true, EndUser = new("Zoë & Co.", null, "origin-7") });
        await Check(noCreator, "an integration whose end user has no creator email");
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Check_api_key_and_force_sync_validate_against_Kombos_schemas()
    {
        AssertValid(KomboSchemas.Response("/check-api-key", "get"), await Client.GetStringAsync("check-api-key"), "check-api-key");
        foreach (var request in new[] { """{"type":"DELTA"}""", "{}", "" })
        {
            // The first queues a sync, the others find it queued.
            var (status, body) = await SandboxHarness.Send(Client, HttpMethod.Post, "force-sync", request);
            Assert.Equal(HttpStatusCode.OK, status);
            AssertValid(KomboSchemas.Response("/force-sync", "post"), body.GetRawText(), "force-sync with " + request);
        }
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Packages_and_orders_in_every_status_validate_on_every_page()
    {
        AssertValid(KomboSchemas.Response("/assessment/packages", "get"), await Client.GetStringAsync("assessment/packages"), "no packages yet");
        var put = await SandboxHarness.Send(Client, HttpMethod.Put, "assessment/packages", """
            {"packages":[{"id":"typescript_test","type":"SKILLS_TEST","name":"TypeScript","description":"Coding test"},
                         {"id":"bg","type":"BACKGROUND_CHECK","name":"Background check","description":"Führungszeugnis"}]}
            """);
        AssertValid(KomboSchemas.Response("/assessment/packages", "put"), put.Body.GetRawText(), "PUT packages");
        AssertValid(KomboSchemas.Response("/assessment/packages", "get"), await Client.GetStringAsync("assessment/packages"), "the package set");

        var applications = Integration.Records(SandboxModel.Applications).Where(a => !a.Deleted).Take(6).ToList();
        var open = await Integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[0].Id });
        var completed = await Integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[1].Id, PackageId = "bg" });
        var cancelled = await Integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[2].Id, Inline = true });
        Harness.Receiver.Respond = w => w.Type.EndsWith("order-received", StringComparison.Ordinal) ? (422, """{"status":"error","error":{"message":"no"}}""") : (200, "{}");
        var rejected = await Integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[3].Id });
        Harness.Receiver.Respond = _ => (200, "{}");
        await Integration.CreateOrderAsync(new OrderSpec { CandidateEmail = "only.an.email@example.com", DeliverWebhook = false });
        await Integration.CreateOrderAsync(new OrderSpec
        {
            CandidateEmail = "zoe@example.com", FirstName = "Zoë", JobRemoteId = "no-such-job", JobName = "Pflegefachkraft (m/w/d)",
            ApplicationRemoteId = "no-such-application",
        });
        Assert.Equal(HttpStatusCode.OK, (await SandboxHarness.Send(Client, HttpMethod.Put, $"assessment/orders/{completed.Id}/result", Completed)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SandboxHarness.Send(Client, HttpMethod.Put, $"assessment/orders/{cancelled.Id}/result",
            """{"status":"CANCELLED","result_url":"https://vendor.example/r/2","completed_at":"2026-04-05T00:00:00.000Z"}""")).Status);
        Assert.Equal(["CANCELLED", "COMPLETED", "OPEN", "REJECTED"],
            new[] { open, completed, cancelled, rejected }.Select(o => Integration.Assessment.FindOrder(o.Id)!.Status).Order());

        foreach (var (path, query) in new[]
        {
            ("assessment/orders", ""), ("assessment/orders", "&statuses=OPEN"), ("assessment/orders", "&statuses=COMPLETED,CANCELLED,REJECTED"),
            ("assessment/orders/open", ""),
        })
        {
            var schema = KomboSchemas.Response("/" + path, "get");
            string? cursor = null;
            var pages = 0;
            do
            {
                var json = await Client.GetStringAsync(cursor is null ? $"{path}?page_size=2{query}" : $"{path}?page_size=2&cursor={Uri.EscapeDataString(cursor)}");
                AssertValid(schema, json, $"page {pages} of {path}{query}");
                cursor = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("next").GetString();
                pages++;
            }
            while (cursor is not null);
        }
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Every_write_answers_success_in_Kombos_shape_with_and_without_warnings()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        await SandboxHarness.Send(Client, HttpMethod.Put, "assessment/packages", """{"packages":[{"id":"p","type":"SKILLS_TEST","name":"P","description":"d"}]}""");
        var movable = AssessmentTests.Movable(Integration);
        var tag = AssessmentTests.TagName(Integration);
        foreach (var warnings in new[] { Array.Empty<string>(), ["Score was rounded.", "Attributes were rendered as text."] })
        {
            Integration.Assessment.WriteWarnings = warnings;
            var order = await Integration.CreateOrderAsync(new OrderSpec { ApplicationId = applicationId });
            var writes = new (string Operation, HttpMethod Method, string Path, string Body)[]
            {
                ("/assessment/packages", HttpMethod.Put, "assessment/packages", """{"packages":[{"id":"p","type":"SKILLS_TEST","name":"P","description":"d"}]}"""),
                ("/assessment/orders/{assessment_order_id}/result", HttpMethod.Put, $"assessment/orders/{order.Id}/result", Completed),
                ("/ats/applications/{application_id}/result-links", HttpMethod.Post, $"ats/applications/{applicationId}/result-links",
                    """{"label":"Assessment report","url":"https://vendor.example/r/9","details":{"custom_field_name_prefix":"Vendor","attributes":[{"key":"Score","value":"90"}]}}"""),
                ("/ats/applications/{application_id}/notes", HttpMethod.Post, $"ats/applications/{applicationId}/notes", """{"content":"Completed: 90/100","content_type":"PLAIN_TEXT"}"""),
                ("/ats/applications/{application_id}/attachments", HttpMethod.Post, $"ats/applications/{applicationId}/attachments",
                    """{"attachment":{"name":"report.pdf","type":"OTHER","data_url":"https://vendor.example/r/9.pdf"}}"""),
                ("/ats/applications/{application_id}/stage", HttpMethod.Put, $"ats/applications/{movable.ApplicationId}/stage",
                    $$$"""{"stage_id":"{{{movable.StageId}}}"}"""),
                ("/ats/candidates/{candidate_id}/tags", HttpMethod.Post, $"ats/candidates/{movable.CandidateId}/tags", $$$"""{"tag":{"name":"{{{tag}}}"}}"""),
            };
            foreach (var (operation, method, path, body) in writes)
            {
                var (status, answer) = await SandboxHarness.Send(Client, method, path, body);
                Assert.Equal(HttpStatusCode.OK, status);
                AssertValid(KomboSchemas.Response(operation, method.Method.ToLowerInvariant()), answer.GetRawText(), $"{method} {path} with {warnings.Length} warning(s)");
                Assert.Equal(warnings.Length, answer.GetProperty("warnings").GetArrayLength());
            }
        }
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task Every_error_envelope_validates_against_the_error_schema_its_endpoint_declares()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        var order = await Integration.CreateOrderAsync(new OrderSpec { PackageId = "p", ApplicationId = applicationId });
        await SandboxHarness.Send(Client, HttpMethod.Put, $"assessment/orders/{order.Id}/result", Completed);
        var pending = Harness.Sandbox.CreateIntegration();
        var pending503 = Harness.Sandbox.CreateIntegration(new IntegrationSpec { SetupPendingStatus = 503 });
        using var pendingClient = Harness.Client(pending);
        using var pending503Client = Harness.Client(pending503);
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        using var wrongKey = new HttpClient { BaseAddress = Client.BaseAddress };
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-key");
        using var noIntegration = Harness.Sandbox.CreateClient();
        using var unknownIntegration = Harness.Sandbox.CreateClient("greenhouse:NoSuchIntegration1234567890");

        // (client, method, path, body, the operation whose default response applies, expected status)
        var calls = new List<(HttpClient Client, HttpMethod Method, string Path, string? Body, string Operation, int Status)>
        {
            (anonymous, HttpMethod.Get, "ats/jobs", null, "/ats/jobs", 401),
            (wrongKey, HttpMethod.Get, "check-api-key", null, "/check-api-key", 401),
            (noIntegration, HttpMethod.Get, "ats/candidates", null, "/ats/candidates", 400),
            (unknownIntegration, HttpMethod.Get, "ats/applications", null, "/ats/applications", 404),
            (unknownIntegration, HttpMethod.Post, "force-sync", "{}", "/force-sync", 404),
            (Client, HttpMethod.Post, "force-sync", """{"type":"PARTIAL"}""", "/force-sync", 400),
            (Client, HttpMethod.Get, "integrations/greenhouse:NoSuchIntegration1234567890", null, "/integrations/{integration_id}", 404),
            (Client, HttpMethod.Get, "ats/jobs?page_size=999", null, "/ats/jobs", 400),
            (Client, HttpMethod.Get, "ats/users?cursor=not-a-cursor", null, "/ats/users", 400),
            (Client, HttpMethod.Get, "ats/tags?updated_after=yesterday", null, "/ats/tags", 400),
            (Client, HttpMethod.Get, "ats/application-stages?include_deleted=maybe", null, "/ats/application-stages", 400),
            (Client, HttpMethod.Get, "assessment/orders?statuses=LOST", null, "/assessment/orders", 400),
            (pendingClient, HttpMethod.Get, "ats/jobs", null, "/ats/jobs", 409),
            (pending503Client, HttpMethod.Get, "ats/applications", null, "/ats/applications", 503),
            (Client, HttpMethod.Put, "assessment/packages", """{"packages":[{"id":"a","type":"ASSESSMENT","name":"A","description":"d"}]}""", "/assessment/packages", 400),
            (Client, HttpMethod.Put, "assessment/packages", "not json", "/assessment/packages", 400),
            (Client, HttpMethod.Put, "assessment/orders/NoSuchOrder1234567890123/result", Completed, "/assessment/orders/{assessment_order_id}/result", 404),
            (Client, HttpMethod.Put, $"assessment/orders/{order.Id}/result", """{"status":"DONE"}""", "/assessment/orders/{assessment_order_id}/result", 400),
            (Client, HttpMethod.Put, $"assessment/orders/{order.Id}/result", Completed, "/assessment/orders/{assessment_order_id}/result", 400),
            (Client, HttpMethod.Post, "ats/applications/NoSuchApplication12345678/notes", """{"content":"x","content_type":"PLAIN_TEXT"}""", "/ats/applications/{application_id}/notes", 404),
            (Client, HttpMethod.Post, $"ats/applications/{applicationId}/result-links", """{"label":"x","url":"nope"}""", "/ats/applications/{application_id}/result-links", 400),
            (Client, HttpMethod.Post, $"ats/applications/{applicationId}/attachments", """{"attachment":{"name":"a","type":"CV"}}""", "/ats/applications/{application_id}/attachments", 400),
        };
        foreach (var call in calls)
        {
            await CheckError(call.Client, call.Method, call.Path, call.Body, KomboSchemas.ErrorResponse(call.Operation, call.Method.Method.ToLowerInvariant()), call.Status);
        }
        // An unknown /v1 path has no operation of its own: the general envelope, the one every endpoint's shares.
        await CheckError(Client, HttpMethod.Get, "ats/no-such-model", null, KomboSchemas.ErrorResponse("/check-api-key", "get"), 404);

        // Injected faults with Kombo's JSON envelope (the default body), on reads and on writes.
        Integration.Faults
            .RateLimit(1, retryAfterSeconds: 3)
            .Add(new FaultRule { Model = "candidates", Status = 403 })
            .Add(new FaultRule { Model = "applications", Status = 503 })
            .Add(new FaultRule { Model = "assessment-orders", Status = 500 })
            .FailWrites(1, 429, "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED", retryAfterSeconds: 1, kind: "note")
            .FailWrites(1, 400, "PLATFORM.INPUT_INVALID", kind: "result");
        await CheckError(Client, HttpMethod.Get, "ats/jobs", null, KomboSchemas.ErrorResponse("/ats/jobs", "get"), 429);
        await CheckError(Client, HttpMethod.Get, "ats/candidates", null, KomboSchemas.ErrorResponse("/ats/candidates", "get"), 403);
        await CheckError(Client, HttpMethod.Get, "ats/applications", null, KomboSchemas.ErrorResponse("/ats/applications", "get"), 503);
        await CheckError(Client, HttpMethod.Get, "assessment/orders", null, KomboSchemas.ErrorResponse("/assessment/orders", "get"), 500);
        await CheckError(Client, HttpMethod.Post, $"ats/applications/{applicationId}/notes", """{"content":"x","content_type":"PLAIN_TEXT"}""",
            KomboSchemas.ErrorResponse("/ats/applications/{application_id}/notes", "post"), 429);
        await CheckError(Client, HttpMethod.Put, $"assessment/orders/{order.Id}/result", Completed,
            KomboSchemas.ErrorResponse("/assessment/orders/{assessment_order_id}/result", "put"), 400);
    }

    [SharedFileFact(KomboSchemas.OpenApiFile)]
    public async Task The_concurrency_limit_answer_validates_against_Kombos_error_schema()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        List<Task<HttpResponseMessage>> held;
        string limited;
        using (Integration.Faults.HoldWrites())
        {
            held = Enumerable.Range(0, 30).Select(_ => Client.PostAsync($"ats/applications/{applicationId}/notes",
                new StringContent("""{"content":"x","content_type":"PLAIN_TEXT"}""", Encoding.UTF8, "application/json"))).ToList();
            await Eventually.True(() => Integration.WritesInFlight == 30, "30 writes in flight");
            using var response = await Client.PostAsync($"ats/applications/{applicationId}/notes",
                new StringContent("""{"content":"x","content_type":"PLAIN_TEXT"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            limited = await response.Content.ReadAsStringAsync();
        }
        foreach (var response in await Task.WhenAll(held))
        {
            response.Dispose();
        }
        AssertValid(KomboSchemas.ErrorResponse("/ats/applications/{application_id}/notes", "post"), limited, "the concurrency-limit answer");
    }

    private static async Task CheckError(HttpClient client, HttpMethod method, string path, string? body, JsonSchema schema, int status)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path} answered {(int)response.StatusCode}, expected {status}: {json}");
        AssertValid(schema, json, $"the {status} answer to {method} {path}");
    }
}
