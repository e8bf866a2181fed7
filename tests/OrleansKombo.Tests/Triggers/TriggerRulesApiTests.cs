using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Jobs;
using OrleansKombo.Tests.Orders;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.Triggers;

/// <summary>Trigger rules per integration (issue 12 §1): the full set stored and shown, 400s, and warnings against the synced stages and tags.</summary>
[Collection(KomboClusterCollection.Name)]
public sealed class TriggerRulesApiTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    /// <summary>A synced sandbox integration offering <see cref="Assessments.SkillsTest"/>.</summary>
    private async Task<SandboxIntegration> SyncedOfferingAsync()
    {
        var since = DateTimeOffset.UtcNow;
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = JobsRig.Scale });
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet(Assessments.SkillsTest));
        return integration;
    }

    [Fact]
    public async Task Rules_are_stored_as_a_full_set_and_warn_about_stages_tags_and_jobs_the_synced_data_does_not_have()
    {
        var integration = await SyncedOfferingAsync();
        var path = $"/api/integrations/{integration.Id}/triggers";
        var job = integration.Records(SandboxModel.Jobs).First(r => !r.Deleted).Id;
        var stage = JobsRig.Job(integration, job).GetProperty("stages").EnumerateArray().First();
        var tag = JsonDocument.Parse(integration.RecordJson(SandboxModel.Tags, integration.Records(SandboxModel.Tags).First(r => !r.Deleted).Id)!)
            .RootElement.GetProperty("name").GetString()!;

        var empty = await Api.GetJsonAsync(path);
        Assert.Empty(empty.GetProperty("rules").EnumerateArray());

        var stored = await Api.SendJsonAsync(HttpMethod.Put, path, new
        {
            rules = new object[]
            {
                new { id = "by-id", package_id = Assessments.SkillsTest, when = new { stage_id = stage.GetProperty("id").GetString() }, jobs = new[] { job } },
                // Names match ignoring case and surrounding spaces.
                new { id = "by-name", package_id = Assessments.SkillsTest, when = new { stage_name = $" {stage.GetProperty("name").GetString()!.ToUpperInvariant()} " },
                      jobs = "SELECTED", include_existing = true, on_result = new { result_link = true, note = true, move_to_stage_id = "no-such-stage" } },
                new { id = "by-tag", package_id = Assessments.SkillsTest, when = new { tag_name = tag.ToLowerInvariant() } },
                new { id = "unknowns", package_id = Assessments.SkillsTest, when = new { tag_name = "no such tag" }, jobs = new[] { "no-such-job" } },
            },
        });

        Assert.Equal(["by-id", "by-name", "by-tag", "unknowns"], stored.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var byName = stored.GetProperty("rules")[1];
        Assert.Equal("SELECTED", byName.GetProperty("jobs").GetString());
        Assert.True(byName.GetProperty("include_existing").GetBoolean());
        Assert.Equal("ALL", stored.GetProperty("rules")[2].GetProperty("jobs").GetString());
        Assert.True(stored.GetProperty("rules")[2].GetProperty("on_result").GetProperty("result_link").GetBoolean());
        var warnings = stored.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("rule_id").GetString(), w.GetProperty("field").GetString())).ToList();
        Assert.Equal([("by-name", "on_result.move_to_stage_id"), ("unknowns", "when.tag_name"), ("unknowns", "jobs")], warnings);

        // GET answers the same, and what it answers is taken again; a new set replaces the old one.
        var read = await Api.GetJsonAsync(path);
        Assert.Equal(stored.GetProperty("rules").GetRawText(), read.GetProperty("rules").GetRawText());
        await Api.SendJsonAsync(HttpMethod.Put, path, new { rules = read.GetProperty("rules") });
        var replaced = await Api.SendJsonAsync(HttpMethod.Put, path, new { rules = new[] { new { id = "only", package_id = Assessments.SkillsTest, when = new { tag_name = tag } } } });
        Assert.Equal(["only"], replaced.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Empty(replaced.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task A_malformed_rule_or_a_package_not_on_offer_is_answered_400_and_stores_nothing()
    {
        var integration = await SyncedOfferingAsync();
        var path = $"/api/integrations/{integration.Id}/triggers";
        await Api.SendJsonAsync(HttpMethod.Put, path, new { rules = new[] { new { id = "r", package_id = Assessments.SkillsTest, when = new { tag_name = "t" } } } });

        var twoKeys = await Api.SendJsonAsync(HttpMethod.Put, path,
            new { rules = new[] { new { id = "x", package_id = Assessments.SkillsTest, when = new { tag_name = "t", stage_id = "s" } } } }, HttpStatusCode.BadRequest);
        Assert.Contains("exactly one key", twoKeys.GetProperty("error").GetProperty("message").GetString());
        var unknownPackage = await Api.SendJsonAsync(HttpMethod.Put, path,
            new { rules = new[] { new { id = "x", package_id = "pkg-nobody-offers", when = new { tag_name = "t" } } } }, HttpStatusCode.BadRequest);
        Assert.Contains("pkg-nobody-offers", unknownPackage.GetProperty("error").GetProperty("message").GetString());

        Assert.Equal(["r"], (await Api.GetJsonAsync(path)).GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        await Api.SendJsonAsync(HttpMethod.Get, "/api/integrations/no-such-integration/triggers", expected: HttpStatusCode.NotFound);
    }
}
