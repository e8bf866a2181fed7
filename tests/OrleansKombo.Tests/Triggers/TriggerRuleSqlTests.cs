using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Triggers;

/// <summary>
/// The pure matching rules of triggering (migrations 0900, 0901), pinned case by case in PostgreSQL, where they live:
/// whether an application is in a rule's stage, whether tags hold a rule's tag, and the order id of a claim.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class TriggerRuleSqlTests(KomboCluster fixture)
{
    public static TheoryData<string?, string?, string, bool> Stages => new()
    {
        { "st-2", null, """{"current_stage_id":"st-2","current_stage":{"id":"st-2","name":"Assessment"}}""", true },
        { "st-2", null, """{"current_stage":{"id":"st-2","name":"Assessment"}}""", true },
        { "st-2", null, """{"current_stage_id":"st-1","current_stage":{"id":"st-1","name":"Screening"}}""", false },
        { null, " ASSESSMENT ", """{"current_stage_id":"st-9","current_stage":{"id":"st-9","name":"Assessment"}}""", true },
        { null, "Assessment", """{"current_stage_id":"st-9","current_stage":{"id":"st-9","name":"Assessment center"}}""", false },
        { null, "Assessment", """{"current_stage_id":null,"current_stage":null}""", false },
        { "st-2", null, """{}""", false },
        { null, null, """{"current_stage_id":"st-2"}""", false },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task An_application_is_in_a_rules_stage_by_its_id_or_by_its_name_ignoring_case_and_spaces(string? stageId, string? stageName,
        string application, bool expected)
    {
        _ = fixture;
        Assert.Equal(expected, await TestDatabase.ScalarAsync<bool>(
            "SELECT trigger_stage_matches(@stage_id, trigger_name_key(@stage_name), @application::jsonb)",
            ("stage_id", (object?)stageId ?? DBNull.Value), ("stage_name", (object?)stageName ?? DBNull.Value), ("application", application)));
    }

    [Theory]
    [InlineData("""[{"id":"t1","name":"Alva"}]""", "alva", true)]
    [InlineData("""[{"id":"t1","name":"  Send assessment "}, {"id":"t2","name":"x"}]""", "send assessment", true)]
    [InlineData("""[{"id":"t1","name":"Alva test"}]""", "alva", false)]
    [InlineData("""[]""", "alva", false)]
    [InlineData("""null""", "alva", false)]
    [InlineData("""{"name":"alva"}""", "alva", false)]
    public async Task Tags_hold_a_rules_tag_by_name_ignoring_case_and_spaces(string tags, string tagName, bool expected)
    {
        _ = fixture;
        Assert.Equal(expected, await TestDatabase.ScalarAsync<bool>("SELECT coalesce(trigger_has_tag(@tags::jsonb, trigger_name_key(@tag)), false)",
            ("tags", tags), ("tag", tagName)));
    }

    [Fact]
    public async Task A_claim_always_names_the_same_order_and_each_round_another()
    {
        _ = fixture;
        const string sql = "SELECT trigger_order_id('int-1', 'app-1', 'pkg', @round)";
        var first = await TestDatabase.ScalarAsync<string>(sql, ("round", 0));
        Assert.Equal(first, await TestDatabase.ScalarAsync<string>(sql, ("round", 0)));
        Assert.NotEqual(first, await TestDatabase.ScalarAsync<string>(sql, ("round", 1)));
        Assert.NotEqual(first, await TestDatabase.ScalarAsync<string>("SELECT trigger_order_id('int-1', 'app-1p', 'kg', 0)"));
        Assert.Matches("^trg_[0-9a-f]{32}$", first);
    }
}
