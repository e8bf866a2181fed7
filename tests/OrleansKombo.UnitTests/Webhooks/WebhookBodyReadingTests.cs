using System.Text;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>
/// The body a webhook is read from and kept as: minimised before anything reads it, on every path (parsed, rejected,
/// unknown type, not JSON), and hostile ids never reach an index or a grain key.
/// </summary>
public sealed class WebhookBodyReadingTests
{
    private static KomboEventReading Read(string body) => KomboEventReader.Read(Encoding.UTF8.GetBytes(body));

    private const string Order = """
        {"id":"evt-1","type":"assessment:order-received","data":{"id":"order-1","integration_id":"int-1","package_id":"pkg-1",
         "candidate":{"first_name":"Ja\u0000ne","last_name":"Roe","email":"jane@example.com","PHONE":"+4915178223344",
                      "phone_numbers":[{"phone_number":"+4915178223344"}]},"job":{"name":"Analyst"}}}
        """;

    [Fact]
    public void An_order_is_read_and_kept_without_its_phone_numbers_or_nul()
    {
        var reading = Read(Order);

        Assert.True(reading.IsUsable, reading.Problem);
        var order = Assert.IsType<AssessmentOrderReceived>(reading.Event!.Data);
        Assert.Equal("Jane", order.Candidate!.FirstName);
        Assert.Null(order.Candidate.Phone);
        Assert.DoesNotContain("78223344", reading.Body);
        Assert.DoesNotContain("\\u0000", reading.Body);
    }

    [Theory]
    [InlineData("""{"id":"evt-2","type":"assessment:order-received","data":{"id":"o","candidate":{"phone":"+4915178223344"}}}""")]
    [InlineData("""{"id":"evt-3","type":"assessment:order-received","data":{"id":"o","integration_id":"i","package_id":7,"candidate":{"Phone_Number":"+4915178223344"}}}""")]
    [InlineData("""{"id":"evt-4","type":"something-kombo-adds","data":{"deep":[{"phoneNumbers":["+4915178223344"]}]}}""")]
    [InlineData("""{"type":"data-changed","data":{"mobile":"+4915178223344"}}""")]
    public void A_rejected_unknown_or_idless_event_is_kept_without_its_phone_number_too(string body)
    {
        var reading = Read(body);

        Assert.NotNull(reading.Body);
        Assert.DoesNotContain("78223344", reading.Body);
    }

    [Fact]
    public void A_body_that_is_not_json_keeps_no_text_at_all()
    {
        var reading = Read("""{"id":"evt-5","type":"assessment:order-received","data":{"candidate":{"phone":"+4915178223344"}""");

        Assert.Null(reading.Event);
        Assert.Null(reading.Body);
        Assert.StartsWith("The body is not JSON", reading.Problem);
        Assert.DoesNotContain("78223344", reading.Problem);
    }

    [Theory]
    [InlineData("a\\u0000b", "ab")]
    [InlineData("a\\ud800b", "ab")]
    [InlineData("\\udfffx", "x")]
    public void An_event_id_with_characters_postgres_refuses_is_read_without_them(string id, string expected)
    {
        var reading = Read($$$"""{"id":"{{{id}}}","type":"data-changed","data":{"integration_id":"int-1"}}""");

        Assert.True(reading.IsUsable, reading.Problem);
        Assert.Equal(expected, reading.Event!.Id);
    }

    [Fact]
    public void Ids_longer_than_any_id_can_be_are_refused()
    {
        var longId = new string('x', KomboEventReader.MaxIdLength + 1);

        Assert.Null(Read($$$"""{"id":"{{{longId}}}","type":"data-changed","data":{"integration_id":"i"}}""").Event);
        var order = Read($$$"""{"id":"e","type":"assessment:order-received","data":{"id":"{{{longId}}}","integration_id":"i","package_id":"p"}}""");
        Assert.Contains($"longer than {KomboEventReader.MaxIdLength}", order.Problem);
        Assert.Null(Read($$$"""{"id":"e","type":"mystery","data":{"integration_id":"{{{longId}}}"}}""").Event!.IntegrationId);
    }
}
