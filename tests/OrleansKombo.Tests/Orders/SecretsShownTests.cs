using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// A candidate's assessment link is the key to the assessment (issue 14, "nothing revealing"): the candidate gets it
/// whole (the email, the inline answer to Kombo), while the API shows it without its token and no log line has it.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed partial class SecretsShownTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    [Fact]
    public async Task An_emailed_links_token_reaches_the_candidate_but_not_the_api_or_the_logs()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var email = MailSink.NewAddress("token");

        var order = await Assessments.OrderAsync(integration, email);
        await Assessments.WaitForAsync(Api, order.Id, o => o.GetProperty("invitation").GetProperty("status").GetString() == "SENT",
            "the invitation is sent");

        var mail = Assert.Single(await MailSink.MessagesToAsync(email));
        var token = Token().Match(mail.GetProperty("text").GetString()!).Groups["token"].Value;
        Assert.Equal(32, token.Length);
        var detail = await Assessments.DetailsAsync(Api, order.Id);
        var listed = (await Api.GetJsonAsync($"/api/integrations/{integration.Id}/orders")).GetProperty("results").EnumerateArray()
            .Single(o => o.GetProperty("id").GetString() == order.Id);
        Assert.All(new[] { detail, listed }, shown =>
        {
            Assert.Equal($"https://assessments.example.com/take/{order.Id}?token=***", shown.GetProperty("invitation").GetProperty("link").GetString());
            Assert.DoesNotContain(token, shown.GetRawText());
        });
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_links_token_goes_back_to_kombo_but_not_to_the_inbox_api_or_the_logs()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress(), inline: true);

        var link = JsonDocument.Parse(order.Webhook!.ResponseBody!).RootElement.GetProperty("assessment_url").GetString()!;
        var token = Token().Match(link).Groups["token"].Value;
        Assert.Equal(32, token.Length);
        var entry = await Api.GetJsonAsync($"/api/webhooks/{order.Webhook.EventId}");
        var listed = (await Api.GetJsonAsync($"/api/webhooks?integration_id={integration.Id}")).GetProperty("results").EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == order.Webhook.EventId);
        Assert.All(new[] { entry, listed }, shown =>
        {
            Assert.Equal($"https://assessments.example.com/take/{order.Id}?token=***",
                shown.GetProperty("answer").GetProperty("body").GetProperty("assessment_url").GetString());
            Assert.DoesNotContain(token, shown.GetRawText());
        });
        Assert.DoesNotContain(token, (await Assessments.DetailsAsync(Api, order.Id)).GetRawText());
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains(token, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\?token=(?<token>[0-9a-f]+)")]
    private static partial Regex Token();
}
