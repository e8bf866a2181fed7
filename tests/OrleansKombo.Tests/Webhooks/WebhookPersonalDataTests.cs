using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Requirement 1 of issue 14: what the inbox keeps of any event is its minimised form, whether the event was parsed,
/// rejected, of an unknown type or not JSON at all; a phone number under any spelling of its key, at any depth, reaches
/// neither the database (all of it, as pg_dump writes it) nor a log line.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WebhookPersonalDataTests(KomboCluster fixture)
{
    [Fact]
    public async Task A_phone_number_in_any_kind_of_event_reaches_neither_the_database_nor_a_log()
    {
        // Digits of this run only, so an earlier run's leak cannot pass or fail this one.
        var digits = "49151" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var integration = await Assessments.OfferingAsync(fixture);
        var email = MailSink.NewAddress("jane");
        var orderId = $"order_{Guid.NewGuid():N}";

        JsonObject Order(string id, bool withPackage) => new()
        {
            ["id"] = id, ["type"] = "assessment:order-received",
            ["data"] = new JsonObject
            {
                ["id"] = orderId, ["integration_id"] = integration.Id, ["status"] = "OPEN",
                ["package_id"] = withPackage ? Assessments.SkillsTest : null,
                ["candidate"] = new JsonObject
                {
                    ["email"] = email, ["first_name"] = "Jane", ["last_name"] = "Roe", ["phone"] = "+" + digits,
                    ["PHONE"] = digits, ["phoneNumbers"] = new JsonArray(new JsonObject { ["number"] = digits }),
                },
                ["job"] = new JsonObject { ["remote_id"] = "job-1", ["name"] = "Analyst", ["hiring_team"] = new JsonArray(
                    new JsonObject { ["first_name"] = "Rita", ["Phone_Number"] = $"+{digits} ext. 2" }) },
            },
        };
        var kinds = new Dictionary<string, (string Body, HttpStatusCode Expected)>
        {
            ["parsed and accepted"] = (Order(KomboEvents.NewId(), withPackage: true).ToJsonString(), HttpStatusCode.OK),
            ["rejected: no package_id"] = (Order(KomboEvents.NewId(), withPackage: false).ToJsonString(), HttpStatusCode.BadRequest),
            ["unknown type"] = (new JsonObject
            {
                ["id"] = KomboEvents.NewId(), ["type"] = "candidate-updated-someday",
                ["data"] = new JsonObject { ["integration_id"] = integration.Id, ["candidate"] = new JsonObject { ["mobile_phone_number"] = digits } },
            }.ToJsonString(), HttpStatusCode.OK),
            ["PHONE in a data-changed"] = (new JsonObject
            {
                ["id"] = KomboEvents.NewId(), ["type"] = "data-changed",
                ["data"] = new JsonObject
                {
                    ["integration_id"] = integration.Id, ["integration_tool"] = "greenhouse", ["integration_category"] = "ATS",
                    ["changed_models"] = new JsonArray(new JsonObject { ["name"] = "ats_candidates", ["PHONE"] = "+" + digits }),
                },
            }.ToJsonString(), HttpStatusCode.OK),
            ["not JSON"] = ($$$"""{"id":"{{{KomboEvents.NewId()}}}","type":"assessment:order-received","data":{"candidate":{"phone":"+{{{digits}}}" """,
                HttpStatusCode.BadRequest),
        };

        foreach (var (kind, (body, expected)) in kinds)
        {
            var response = await fixture.Gateway.Webhooks.SendRawAsync(body);
            Assert.True(expected == response.StatusCode, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await Assessments.InvitedAsync(fixture.Gateway.Api, orderId);
        await Poll.UntilAsync(async () => (await MailSink.MessagesToAsync(email)).Count == 1, "the invitation was sent");

        foreach (var (kind, (body, _)) in kinds)
        {
            var row = await InboxRowAsync(body);
            Assert.DoesNotContain(digits, row.GetRawText());
            if (kind == "not JSON")
            {
                // Only its hash and size: nothing of its text.
                Assert.Equal(JsonValueKind.Null, row.GetProperty("body").ValueKind);
                Assert.Equal(Encoding.UTF8.GetByteCount(body), row.GetProperty("body_bytes").GetInt32());
                Assert.Equal("REJECTED", row.GetProperty("status").GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.Object, row.GetProperty("body").ValueKind);
            }
        }
        var (leaks, dumped) = await DatabaseDump.FindAsync(digits);
        Assert.True(leaks.Count == 0, $"the phone number is in the database ({dumped:N0} bytes dumped):\n{string.Join('\n', leaks)}");
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains(digits, StringComparison.Ordinal));
    }

    /// <summary>The inbox entry of a body, as the operator's API shows it; a body that is not JSON is found by its hash.</summary>
    private async Task<JsonElement> InboxRowAsync(string body)
    {
        string id;
        try
        {
            id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        }
        catch (JsonException)
        {
            id = "unreadable:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        }
        return await fixture.Gateway.Api.GetJsonAsync($"/api/webhooks/{Uri.EscapeDataString(id)}");
    }
}
