using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

[Collection(KomboClusterCollection.Name)]
public sealed class OrderDecisionTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private static string RejectionOf(Kombo.Sandbox.Assessment.AssessmentOrder order) =>
        JsonDocument.Parse(order.Webhook!.ResponseBody!).RootElement.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task An_accepted_order_is_answered_200_and_the_candidate_gets_one_email_with_the_link()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var email = MailSink.NewAddress("ada");

        var order = await Assessments.OrderAsync(integration, email);

        Assert.Equal(200, order.Webhook!.StatusCode);
        Assert.Equal("OPEN", order.Status);
        var details = await Assessments.InvitedAsync(Api, order.Id);
        // The API shows the link without its token (the candidate's key); the email has it whole.
        Assert.Equal($"https://assessments.example.com/take/{order.Id}?token={Redact.Mask}",
            details.GetProperty("invitation").GetProperty("link").GetString());
        Assert.Equal(["RECEIVED", "INVITED"], details.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("status").GetString()));
        var mail = Assert.Single(await MailSink.MessagesToAsync(email));
        var text = mail.GetProperty("text").GetString()!;
        Assert.Matches($@"https://assessments\.example\.com/take/{order.Id}\?token=[0-9a-f]{{32}}", text);
        Assert.Contains("Ada Lovelace", text);
        Assert.Contains("Analyst", text);
        Assert.Contains($"Package {Assessments.SkillsTest}", mail.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task An_inline_order_is_answered_200_with_the_candidates_link()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress(), inline: true);

        Assert.Equal(200, order.Webhook!.StatusCode);
        var answer = JsonDocument.Parse(order.Webhook.ResponseBody!).RootElement;
        // Kombo's inline guide: exactly {"assessment_url": "<link>"}.
        Assert.Equal(["assessment_url"], answer.EnumerateObject().Select(p => p.Name));
        var link = answer.GetProperty("assessment_url").GetString();
        var details = await Assessments.DetailsAsync(Api, order.Id);
        Assert.Equal(Redact.Url(link), details.GetProperty("invitation").GetProperty("link").GetString());
        Assert.True(details.GetProperty("inline").GetBoolean());
    }

    [Theory]
    [InlineData("pkg-nobody-offers", "ada@example.com", "is not one we offer")]
    [InlineData(Assessments.SkillsTest, "not-an-email", "is not valid")]
    public async Task An_order_we_cannot_run_is_rejected_with_422_and_a_message_for_the_recruiter(string package, string email, string mentions)
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var order = await Assessments.OrderAsync(integration, email, package);

        Assert.Equal(422, order.Webhook!.StatusCode);
        Assert.Equal("REJECTED", order.Status);
        Assert.Contains(mentions, RejectionOf(order));
        var details = await Assessments.DetailsAsync(Api, order.Id);
        Assert.Equal("REJECTED", details.Status());
        Assert.Equal(RejectionOf(order), details.GetProperty("rejection_message").GetString());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("invitation").ValueKind);
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM invitation_outbox WHERE order_id = @id", ("id", order.Id)));
    }

    [Fact]
    public async Task An_order_without_an_email_is_rejected_with_422()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var response = await fixture.Gateway.Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, $"order_{Guid.NewGuid():N}", email: null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("no email address", await response.ErrorMessageAsync());
    }

    [Fact]
    public async Task An_order_for_a_withdrawn_package_is_rejected()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet(Assessments.SkillsTest));

        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress(), Assessments.VideoInterview);

        Assert.Equal(422, order.Webhook!.StatusCode);
        Assert.Contains("has been withdrawn", RejectionOf(order));
    }

    [Theory]
    [InlineData("INVALID")]
    [InlineData("INACTIVE")]
    public async Task An_order_for_an_integration_that_is_not_active_is_rejected(string state)
    {
        var integration = await Assessments.OfferingAsync(fixture);
        await integration.SetStateAsync(state: state);
        await Poll.UntilAsync(async () => (await Api.GetJsonAsync($"/api/integrations/{integration.Id}")).GetProperty("state").GetString() == state,
            $"the integration is {state}");

        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress());

        Assert.Equal(422, order.Webhook!.StatusCode);
        Assert.Contains($"is {state.ToLowerInvariant()}", RejectionOf(order));
    }

    [Fact]
    public async Task An_order_for_a_job_known_to_be_closed_is_rejected_and_one_for_an_open_job_accepted()
    {
        var integration = await Assessments.OfferingAsync(fixture, new IntegrationSpec { Ready = true, Scale = new GeneratorScale { Jobs = 4, Candidates = 4, Applications = 4, Users = 2, Tags = 1 } });
        var jobs = integration.Records(SandboxModel.Jobs);
        var closed = integration.SetJobStatus("CLOSED", ids: [jobs[0].Id]).Single();
        integration.SetJobStatus("OPEN", ids: [jobs[1].Id]);
        await integration.FinishSync().Webhooks;
        await Poll.UntilAsync(async () =>
                (await Api.GetJsonAsync($"/api/integrations/{integration.Id}/jobs/{closed}")).GetProperty("lifecycle").GetProperty("state").GetString() == "CLOSED"
                && (await Api.GetJsonAsync($"/api/integrations/{integration.Id}/jobs/{jobs[1].Id}")).GetProperty("lifecycle").GetProperty("active").GetBoolean(),
            "the pull has both jobs, one closed and one open", TimeSpan.FromSeconds(90));

        var rejected = await Assessments.OrderAsync(integration, MailSink.NewAddress(), jobRemoteId: jobs[0].RemoteId);
        var accepted = await Assessments.OrderAsync(integration, MailSink.NewAddress(), jobRemoteId: jobs[1].RemoteId);

        Assert.Equal(422, rejected.Webhook!.StatusCode);
        Assert.Contains("is closed in the ATS", RejectionOf(rejected));
        Assert.Equal(200, accepted.Webhook!.StatusCode);
    }

    [Fact]
    public async Task The_same_order_delivered_as_many_new_events_at_once_gets_one_answer_one_row_and_one_email()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var email = MailSink.NewAddress();
        var orderId = $"order_{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            fixture.Gateway.Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, orderId, email, Assessments.SkillsTest))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single((await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        await Assessments.InvitedAsync(Api, orderId);
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM invitation_outbox WHERE order_id = @id", ("id", orderId)));
        // A later delivery with different data still gets the first answer, and sends nothing new.
        var late = await fixture.Gateway.Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, orderId, email: null));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        await Poll.UntilAsync(async () => (await MailSink.MessagesToAsync(email)).Count == 1, "the one email arrived");
        Assert.Single(await MailSink.MessagesToAsync(email));
    }

    [Fact]
    public async Task The_candidates_phone_number_reaches_neither_storage_nor_logs()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        const string phone = "+49 30 5550 1234 987";

        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress(), phone: phone);
        await Assessments.InvitedAsync(Api, order.Id);

        Assert.Contains("5550 1234", fixture.Sandbox.Webhooks.Events.Single(e => e.BodyText.Contains(order.Id)).BodyText);
        var stored = await TestDatabase.ScalarAsync<string>("SELECT doc::text || body::text || coalesce((SELECT message::text FROM invitation_outbox WHERE order_id = @id), '') FROM orders WHERE id = @id",
            ("id", order.Id));
        Assert.DoesNotContain("5550", stored);
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains("5550 1234"));
        Assert.Equal(JsonValueKind.Null, (await Assessments.DetailsAsync(Api, order.Id)).GetProperty("candidate").GetProperty("phone").ValueKind);
    }
}
