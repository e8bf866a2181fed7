using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>With <c>Orders:EmailInlineCandidates</c> on, an inline candidate also gets the invitation email (a cluster of its own).</summary>
public sealed class InlineOrderEmailTests(InlineOrderEmailTests.Fixture fixture) : IClassFixture<InlineOrderEmailTests.Fixture>
{
    public sealed class Fixture : KomboCluster
    {
        protected override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
        {
            ["Orders:EmailInlineCandidates"] = "true",
        };
    }

    [Fact]
    public async Task An_inline_candidate_is_redirected_and_also_emailed_the_same_link()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var email = MailSink.NewAddress("inline");

        var order = await Assessments.OrderAsync(integration, email, inline: true);

        Assert.Equal(200, order.Webhook!.StatusCode);
        var link = JsonDocument.Parse(order.Webhook.ResponseBody!).RootElement.GetProperty("assessment_url").GetString()!;
        var details = await Assessments.WaitForAsync(fixture.Gateway.Api, order.Id,
            o => o.GetProperty("invitation").GetProperty("status").GetString() == "SENT", "the invitation email is sent");
        Assert.Equal("INVITED", details.Status());
        Assert.Equal(("SMTP", Redact.Url(link)), (details.GetProperty("invitation").GetProperty("channel").GetString(),
            details.GetProperty("invitation").GetProperty("link").GetString()));
        IReadOnlyList<JsonElement> mails = [];
        await Poll.UntilAsync(async () => (mails = await MailSink.MessagesToAsync(email)).Count > 0, "the invitation reached maildev");
        Assert.Contains(link, Assert.Single(mails).GetProperty("text").GetString());
    }
}
