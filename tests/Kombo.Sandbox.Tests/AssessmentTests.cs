using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Json;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class AssessmentTests : IntegrationTest
{
    private const string Completed = """{"status":"COMPLETED","result_url":"https://vendor.example/results/1","completed_at":"2026-04-04T00:00:00.000Z","score":90,"max_score":100}""";

    private Task<(HttpStatusCode Status, JsonElement Body)> Put(string path, string json) => SandboxHarness.Send(Client, HttpMethod.Put, path, json);

    private Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string json) => SandboxHarness.Send(Client, HttpMethod.Post, path, json);

    private Task<AssessmentOrder> Order(OrderSpec? spec = null) => Integration.CreateOrderAsync(spec ?? new OrderSpec
    {
        PackageId = "typescript_test",
        ApplicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id,
    });

    [Fact]
    public async Task Putting_packages_replaces_the_whole_set()
    {
        var (status, body) = await Put("assessment/packages", """
            {"packages":[{"id":"a","type":"SKILLS_TEST","name":"A","description":"first"},{"id":"b","type":"BEHAVIORAL","name":"B","description":"second"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("warnings").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("data").ValueKind);
        await Put("assessment/packages", """{"packages":[{"id":"c","type":"REFERENCE_CHECK","name":"C","description":"third"}]}""");
        var (_, read) = await SandboxHarness.GetJson(Client, "assessment/packages");
        var package = Assert.Single(read.GetProperty("data").GetProperty("packages").EnumerateArray());
        Assert.Equal("c", package.GetProperty("id").GetString());
        Assert.Equal("REFERENCE_CHECK", package.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, package.GetProperty("updated_at").ValueKind);
    }

    [Theory]
    [InlineData("""{"packages":[{"id":"a","type":"ASSESSMENT","name":"A","description":"d"}]}""")]
    [InlineData("""{"packages":[{"id":"a","type":"SKILLS_TEST","name":"A"}]}""")]
    [InlineData("""{"packages":[{"type":"SKILLS_TEST","name":"A","description":"d"}]}""")]
    [InlineData("""{"packages":[{"id":"a","type":"SKILLS_TEST","description":"d"}]}""")]
    [InlineData("""{"items":[]}""")]
    [InlineData("not json")]
    public async Task Invalid_packages_are_rejected_with_400_and_keep_the_previous_set(string json)
    {
        await Put("assessment/packages", """{"packages":[{"id":"keep","type":"VIDEO_INTERVIEW","name":"K","description":"d"}]}""");
        var (status, body) = await Put("assessment/packages", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PLATFORM.INPUT_INVALID", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("keep", Assert.Single(Integration.Assessment.Packages).Id);
    }

    [Fact]
    public async Task A_valid_result_is_accepted_returns_warnings_and_is_stored_exactly_as_received()
    {
        var order = await Order();
        Integration.Assessment.WriteWarnings = ["Attributes were rendered as text."];
        var (status, body) = await Put($"assessment/orders/{order.Id}/result", Completed);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Attributes were rendered as text.", body.GetProperty("warnings")[0].GetProperty("message").GetString());
        Assert.Equal("COMPLETED", Integration.Assessment.FindOrder(order.Id)!.Status);
        Assert.Equal(Completed, Integration.Assessment.FindOrder(order.Id)!.ResultJson);
        Assert.Equal(Completed, Integration.Assessment.Writes.Single(w => w.Kind == "result").Body);
    }

    [SharedFileFact("kombo/examples/assessment-order-result-put-body.json")]
    public async Task Kombos_example_result_body_is_accepted()
    {
        var order = await Order();
        var example = await File.ReadAllTextAsync(SharedFiles.Path("kombo/examples/assessment-order-result-put-body.json"));
        var (status, _) = await Put($"assessment/orders/{order.Id}/result", example);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(example, Integration.Assessment.FindOrder(order.Id)!.ResultJson);
    }

    [Theory]
    [InlineData("""{"result_url":"https://x.example/r"}""", "status")]
    [InlineData("""{"status":"DONE","result_url":"https://x.example/r"}""", "status")]
    [InlineData("""{"status":"OPEN"}""", "result_url")]
    [InlineData("""{"status":"OPEN","result_url":"not a uri"}""", "result_url")]
    [InlineData("""{"status":"COMPLETED","result_url":"https://x.example/r"}""", "completed_at")]
    [InlineData("""{"status":"CANCELLED","result_url":"https://x.example/r"}""", "completed_at")]
    [InlineData("""{"status":"COMPLETED","result_url":"https://x.example/r","completed_at":"04/04/2026"}""", "completed_at")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","score":"high"}""", "score")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attributes":[{"type":"TEXT","label":"a"}]}""", "attributes[0].value")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attributes":[{"type":"CHART","label":"a","value":"b"}]}""", "attributes[0].type")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attributes":[{"type":"SUB_RESULT","id":"1","label":"a","score":{"value":1,"max":0},"status":"COMPLETED"}]}""", "attributes[0].score")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attributes":[{"type":"SUB_RESULT","id":"1","label":"a","score":{"value":1,"max":5},"status":"OPEN"}]}""", "attributes[0].status")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attachments":[{"name":"r.pdf"}]}""", "exactly one")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attachments":[{"name":"r.pdf","data":"AA==","data_url":"https://x.example/r.pdf","content_type":"application/pdf"}]}""", "exactly one")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attachments":[{"name":"r.pdf","data":"AA=="}]}""", "content_type")]
    [InlineData("""{"status":"OPEN","result_url":"https://x.example/r","attachments":[{"data_url":"https://x.example/r.pdf"}]}""", "name")]
    public async Task An_invalid_result_is_rejected_with_400_naming_the_problem(string json, string mentioned)
    {
        var order = await Order();
        var (status, body) = await Put($"assessment/orders/{order.Id}/result", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PLATFORM.INPUT_INVALID", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(mentioned, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("OPEN", Integration.Assessment.FindOrder(order.Id)!.Status);
    }

    [Fact]
    public async Task A_result_for_an_unknown_order_is_404()
    {
        var (status, body) = await Put("assessment/orders/NoSuchOrder1234567890123/result", Completed);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_status_changes_only_while_the_order_is_OPEN()
    {
        var order = await Order();
        Assert.Equal(HttpStatusCode.OK, (await Put($"assessment/orders/{order.Id}/result", """{"status":"OPEN","result_url":"https://x.example/progress"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Put($"assessment/orders/{order.Id}/result", Completed)).Status);
        var (status, body) = await Put($"assessment/orders/{order.Id}/result",
            """{"status":"CANCELLED","result_url":"https://x.example/r","completed_at":"2026-04-05T00:00:00.000Z"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("OPEN", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("COMPLETED", Integration.Assessment.FindOrder(order.Id)!.Status);
    }

    [Fact]
    public async Task Creating_an_order_sends_the_webhook_with_the_applications_data_and_records_the_answer()
    {
        Harness.Receiver.Respond = _ => (200, "{\"ok\":true}");
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        var application = JsonSerializer.Deserialize<JsonElement>(Integration.RecordJson(SandboxModel.Applications, applicationId)!);
        var order = await Integration.CreateOrderAsync(new OrderSpec { PackageId = "p1", ApplicationId = applicationId });
        Assert.Equal("OPEN", order.Status);
        Assert.Equal(200, order.Webhook!.StatusCode);
        Assert.Equal("{\"ok\":true}", order.Webhook.ResponseBody);
        var webhook = await Harness.Receiver.WaitFor("assessment:order-received");
        Assert.Equal(["application", "candidate", "id", "integration_id", "job", "package_id", "status"], webhook.Data.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(order.Id, webhook.Data.GetProperty("id").GetString());
        Assert.Equal(application.GetProperty("remote_id").GetString(), webhook.Data.GetProperty("application").GetProperty("remote_id").GetString());
        Assert.Equal(application.GetProperty("job").GetProperty("remote_id").GetString(), webhook.Data.GetProperty("job").GetProperty("remote_id").GetString());
        Assert.Equal(application.GetProperty("candidate").GetProperty("remote_id").GetString(), webhook.Data.GetProperty("candidate").GetProperty("remote_id").GetString());
        Assert.Equal(["description", "hiring_team", "job_code", "location", "name", "remote_id"], webhook.Data.GetProperty("job").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_422_answer_rejects_the_order_at_once_without_retrying()
    {
        Harness.Receiver.Respond = w => w.Type == "assessment:order-received" ? (422, """{"status":"error","error":{"message":"Unknown package"}}""") : (200, "{}");
        var order = await Order();
        Assert.Equal("REJECTED", order.Status);
        Assert.Equal(1, order.Webhook!.Attempts);
        Assert.Contains("Unknown package", order.Webhook.ResponseBody);
        var (_, list) = await SandboxHarness.GetJson(Client, "assessment/orders?statuses=REJECTED");
        Assert.Equal(order.Id, Assert.Single(list.GetProperty("data").GetProperty("results").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Any_other_failure_leaves_the_order_OPEN_after_the_retries()
    {
        Harness.Receiver.Respond = _ => (500, "down");
        var order = await Order();
        Assert.Equal("OPEN", order.Status);
        Assert.Equal(3, order.Webhook!.Attempts);
    }

    [Fact]
    public async Task An_inline_order_sends_the_inline_event_and_keeps_the_link_the_receiver_answered()
    {
        Harness.Receiver.Respond = w => (200, "{\"assessment_url\":\"https://vendor.example/take/" + w.Data.GetProperty("id").GetString() + "\"}");
        var order = await Order(new OrderSpec { PackageId = "p", CandidateEmail = "inline@example.com", Inline = true });
        var webhook = await Harness.Receiver.WaitFor("inline-assessment:order-received");
        Assert.Equal(order.Id, webhook.Data.GetProperty("id").GetString());
        Assert.Contains("https://vendor.example/take/" + order.Id, order.Webhook!.ResponseBody);
        Assert.Equal("https://vendor.example/take/" + order.Id, order.AssessmentUrl);
        var (_, view) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{Integration.Id}/orders/{order.Id}");
        Assert.Equal(order.AssessmentUrl, view.GetProperty("assessment_url").GetString());
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"link":"https://vendor.example/take/1"}}""")]
    [InlineData("""{"assessment_url":"/take/1"}""")]
    [InlineData("""{"assessment_url":null}""")]
    [InlineData("not json")]
    public async Task An_inline_answer_without_Kombos_assessment_url_leaves_the_order_without_a_link(string answer)
    {
        Harness.Receiver.Respond = _ => (200, answer);
        var order = await Order(new OrderSpec { PackageId = "p", CandidateEmail = "inline@example.com", Inline = true });
        Assert.True(order.Webhook!.Delivered);
        Assert.Null(order.AssessmentUrl);
    }

    [Fact]
    public async Task A_missed_order_sends_no_webhook_and_is_found_only_by_listing_orders()
    {
        var order = await Order(new OrderSpec { PackageId = "p", CandidateEmail = "missed@example.com", DeliverWebhook = false });
        Assert.Null(order.Webhook);
        Assert.DoesNotContain(Harness.Receiver.Received, w => w.Type.Contains("order-received"));
        var (_, open) = await SandboxHarness.GetJson(Client, "assessment/orders?statuses=OPEN");
        Assert.Contains(open.GetProperty("data").GetProperty("results").EnumerateArray(), o => o.GetProperty("id").GetString() == order.Id);
    }

    [Fact]
    public async Task Orders_are_filtered_by_statuses_created_after_and_ids_and_paged()
    {
        var orders = new List<AssessmentOrder>();
        for (var i = 0; i < 5; i++)
        {
            orders.Add(await Order(new OrderSpec { PackageId = "p", CandidateEmail = $"c{i}@example.com", DeliverWebhook = false }));
        }
        await Put($"assessment/orders/{orders[0].Id}/result", Completed);
        var all = SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "assessment/orders", pageSize: 2));
        Assert.Equal(orders.Select(o => o.Id), all);
        Assert.Equal(orders.Skip(1).Select(o => o.Id), SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "assessment/orders", "statuses=OPEN", pageSize: 2)));
        Assert.Equal([orders[0].Id], SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "assessment/orders", "statuses=COMPLETED,CANCELLED")));
        Assert.Equal([orders[1].Id, orders[3].Id], SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "assessment/orders", $"ids={orders[1].Id},{orders[3].Id}")));
        var after = KomboDateTimeConverter.Text(orders[3].CreatedAt);
        var since = SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "assessment/orders", "created_after=" + after));
        Assert.Equal(orders.Where(o => o.CreatedAt >= orders[3].CreatedAt).Select(o => o.Id), since);
        Assert.Contains(orders[4].Id, since);
        var open = await SandboxHarness.ReadAll(Client, "assessment/orders/open", pageSize: 3);
        Assert.Equal(orders.Skip(1).Select(o => o.Id), SandboxHarness.Ids(open));
        Assert.All(open, o => Assert.False(o.TryGetProperty("status", out _)));
        var (status, _) = await SandboxHarness.GetJson(Client, "assessment/orders?statuses=LOST");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Result_links_notes_and_attachments_are_validated_and_stored_as_received()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        const string link = """{"label":"Assessment report","url":"https://vendor.example/r/9","details":{"custom_field_name_prefix":"Vendor","attributes":[{"key":"Score","value":"90"}]}}""";
        const string note = """{"content":"Completed: 90/100","content_type":"PLAIN_TEXT"}""";
        const string attachment = """{"attachment":{"name":"report.pdf","type":"OTHER","data_url":"https://vendor.example/r/9.pdf"}}""";
        Assert.Equal(HttpStatusCode.OK, (await Post($"ats/applications/{applicationId}/result-links", link)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post($"ats/applications/{applicationId}/notes", note)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post($"ats/applications/{applicationId}/attachments", attachment)).Status);
        Assert.Equal([("result-link", link), ("note", note), ("attachment", attachment)],
            Integration.Assessment.Writes.Select(w => (w.Kind, w.Body)));
        Assert.All(Integration.Assessment.Writes, w => Assert.Equal(applicationId, w.TargetId));

        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"ats/applications/{applicationId}/result-links", """{"label":"x","url":"nope"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"ats/applications/{applicationId}/notes", """{"content":"x","content_type":"HTML"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"ats/applications/{applicationId}/attachments", """{"attachment":{"name":"a","type":"CV"}}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post("ats/applications/NoSuchApplication12345678/notes", note)).Status);
        Assert.Equal(3, Integration.Assessment.Writes.Count);
    }

    /// <summary>A live pending application with a stage of its job to move to, and that job's other stage.</summary>
    internal static (string ApplicationId, string CandidateId, string StageId) Movable(SandboxIntegration integration)
    {
        foreach (var summary in integration.Records(SandboxModel.Applications).Where(r => !r.Deleted))
        {
            var application = JsonDocument.Parse(integration.RecordJson(SandboxModel.Applications, summary.Id)!).RootElement;
            if (application.GetProperty("outcome").GetString() != "PENDING" || application.GetProperty("job_id").GetString() is not { } jobId
                || application.GetProperty("candidate_id").GetString() is not { } candidateId || integration.RecordJson(SandboxModel.Jobs, jobId) is not { } job)
            {
                continue;
            }
            var current = application.GetProperty("current_stage_id").GetString();
            if (JsonDocument.Parse(job).RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("id").GetString())
                    .FirstOrDefault(s => s != current) is { } other)
            {
                return (summary.Id, candidateId, other);
            }
        }
        throw new InvalidOperationException("The sandbox has no application to move.");
    }

    internal static string TagName(SandboxIntegration integration) =>
        integration.Records(SandboxModel.Tags).Where(t => !t.Deleted)
            .Select(t => JsonDocument.Parse(integration.RecordJson(SandboxModel.Tags, t.Id)!).RootElement.GetProperty("name").GetString())
            .First(n => !string.IsNullOrWhiteSpace(n))!;

    [Fact]
    public async Task Stage_moves_and_candidate_tags_are_validated_recorded_and_applied_to_the_data()
    {
        var (applicationId, candidateId, stageId) = Movable(Integration);
        var tag = TagName(Integration);
        var move = $$$"""{"stage_id":"{{{stageId}}}"}""";
        var tagBody = $$$"""{"tag":{"name":"{{{tag.ToUpperInvariant()}}}"}}""";
        Assert.Equal(HttpStatusCode.OK, (await Put($"ats/applications/{applicationId}/stage", move)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post($"ats/candidates/{candidateId}/tags", tagBody)).Status);
        Assert.Equal([("stage", applicationId, move), ("tag", candidateId, tagBody)], Integration.Assessment.Writes.Select(w => (w.Kind, w.TargetId, w.Body)));

        // Applied: the application is in the stage, and the candidate has the tag (Kombo finds it by name, ignoring case).
        var application = JsonDocument.Parse(Integration.RecordJson(SandboxModel.Applications, applicationId)!).RootElement;
        Assert.Equal(stageId, application.GetProperty("current_stage_id").GetString());
        var candidate = JsonDocument.Parse(Integration.RecordJson(SandboxModel.Candidates, candidateId)!).RootElement;
        Assert.Contains(tag, candidate.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        Assert.Equal(HttpStatusCode.BadRequest, (await Put($"ats/applications/{applicationId}/stage", "{}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Put($"ats/applications/{applicationId}/stage", """{"stage_id":"NoSuchStage"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"ats/candidates/{candidateId}/tags", """{"tag":{"name":""}}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"ats/candidates/{candidateId}/tags", """{"tag":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"ats/candidates/{candidateId}/tags", """{"tag":{"name":"No such tag anywhere"}}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Put("ats/applications/NoSuchApplication12345678/stage", move)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post("ats/candidates/NoSuchCandidate123456789/tags", tagBody)).Status);
        Assert.Equal(2, Integration.Assessment.Writes.Count);
    }

    [Fact]
    public async Task A_write_action_made_unavailable_shows_in_write_actions_and_answers_ACTION_NOT_AVAILABLE()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        const string link = """{"label":"Assessment report","url":"https://vendor.example/r/9"}""";
        var (status, _) = await SandboxHarness.Send(Harness.Control, HttpMethod.Put,
            $"integrations/{Integration.Id}/write-actions/ats_add_application_result_link", """{"is_available":false}""");
        Assert.Equal(HttpStatusCode.NoContent, status);

        var (_, details) = await SandboxHarness.GetJson(Client, $"integrations/{Integration.Id}");
        var actions = details.GetProperty("data").GetProperty("write_actions").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("is_available").GetBoolean());
        Assert.False(actions["ats_add_application_result_link"]);
        Assert.True(actions["ats_add_application_note"]);
        Assert.True(actions["ats_move_application_to_stage"]);
        Assert.True(actions["ats_add_candidate_tag"]);

        var (refused, error) = await Post($"ats/applications/{applicationId}/result-links", link);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal("INTEGRATION.ACTION_NOT_AVAILABLE", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Integration.Assessment.Writes);

        await SandboxHarness.Send(Harness.Control, HttpMethod.Put,
            $"integrations/{Integration.Id}/write-actions/ats_add_application_result_link", """{"is_available":true}""");
        Assert.Equal(HttpStatusCode.OK, (await Post($"ats/applications/{applicationId}/result-links", link)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SandboxHarness.Send(Harness.Control, HttpMethod.Put,
            $"integrations/{Integration.Id}/write-actions/no_such_action", """{"is_available":false}""")).Status);
    }

    [Fact]
    public async Task Orders_and_writes_are_readable_through_the_control_API_with_the_raw_result()
    {
        var order = await Order();
        await Put($"assessment/orders/{order.Id}/result", Completed);
        var (_, view) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{Integration.Id}/orders/{order.Id}");
        Assert.Equal("COMPLETED", view.GetProperty("status").GetString());
        Assert.Equal(Completed, view.GetProperty("result").GetRawText());
        Assert.Equal(Completed, view.GetProperty("result_body").GetString());
        var (_, writes) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{Integration.Id}/writes?kind=result");
        Assert.Equal(Completed, writes[0].GetProperty("body").GetString());
        var (created, placed) = await SandboxHarness.Send(Harness.Control, HttpMethod.Post, $"integrations/{Integration.Id}/orders",
            """{"package_id":"p","candidate_email":"http@example.com","first_name":"Zoë"}""");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("Zoë", placed.GetProperty("candidate").GetProperty("first_name").GetString());
        Assert.Equal(200, placed.GetProperty("webhook").GetProperty("status_code").GetInt32());
    }
}
