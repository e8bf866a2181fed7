using System.Text.Json;
using CsCheck;
using OrleansKombo.Triggers;

namespace OrleansKombo.UnitTests.Triggers;

/// <summary>The one reading and writing of trigger rules (CONTRACT.md §3): what is a rule, what is a 400, and GET's form read back by PUT.</summary>
public sealed class TriggerRuleJsonTests
{
    private static (IReadOnlyList<TriggerRule> Rules, IReadOnlyList<string> Problems) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TriggerRuleJson.Read(document.RootElement);
    }

    [Fact]
    public void The_contracts_example_rule_is_read_with_its_defaults()
    {
        var (rules, problems) = Read("""
            {"rules":[{"id":"r1","package_id":"pkg","when":{"stage_name":"Assessment"},"jobs":"SELECTED","include_existing":true,
                       "on_result":{"result_link":true,"note":true,"move_to_stage_id":"st-9","tag_name":"assessed"}},
                      {"id":"r2","package_id":"pkg","when":{"tag_name":"alva"}},
                      {"id":"r3","package_id":"pkg","when":{"stage_id":"st-1"},"jobs":["j1","j2","j1"]}]}
            """);

        Assert.Empty(problems);
        Assert.Equal(new TriggerRule("r1", "pkg", new TriggerWhen(null, "Assessment", null), TriggerJobsMode.Selected, [], true,
            new TriggerOnResult(true, true, "st-9", "assessed")), rules[0] with { JobIds = [] });
        Assert.Equal((TriggerJobsMode.All, false, TriggerOnResult.Default), (rules[1].Jobs, rules[1].IncludeExisting, rules[1].OnResult));
        Assert.Equal("alva", rules[1].When.TagName);
        Assert.Equal(TriggerJobsMode.List, rules[2].Jobs);
        Assert.Equal(["j1", "j2"], rules[2].JobIds);
    }

    [Theory]
    [InlineData("""[]""", "The body must be")]
    [InlineData("""{"rules":{}}""", "The body must be")]
    [InlineData("""{"rules":[1]}""", "rules[0] must be an object")]
    [InlineData("""{"rules":[{"package_id":"p","when":{"tag_name":"t"}}]}""", "rules[0].id is required")]
    [InlineData("""{"rules":[{"id":"r","when":{"tag_name":"t"}}]}""", "rules[0].package_id is required")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p"}]}""", "rules[0].when is required")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{}}]}""", "exactly one key")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"stage_id":"s","tag_name":"t"}}]}""", "exactly one key")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"stage":"s"}}]}""", "exactly one key")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"stage_id":""}}]}""", "rules[0].when.stage_id must be a non-empty string")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"stage_id":7}}]}""", "rules[0].when.stage_id must be a non-empty string")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"jobs":"OPEN"}]}""", "rules[0].jobs must be")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"jobs":[]}]}""", "names 1 to")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"jobs":["a",""]}]}""", "rules[0].jobs[1] must be a job id")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"include_existing":"yes"}]}""", "include_existing must be true or false")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"on_result":[]}]}""", "on_result must be an object")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"on_result":{"note":1}}]}""", "on_result.note must be true or false")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"},"on_result":{"move_to_stage_id":""}}]}""", "move_to_stage_id must be")]
    [InlineData("""{"rules":[{"id":"r","package_id":"p","when":{"tag_name":"t"}},{"id":"r","package_id":"q","when":{"tag_name":"u"}}]}""", "rule id 'r' appears more than once")]
    public void A_malformed_rule_is_refused_naming_where(string json, string mentions)
    {
        var (rules, problems) = Read(json);

        Assert.Empty(rules);
        Assert.Contains(problems, p => p.Contains(mentions, StringComparison.Ordinal));
    }

    [Fact]
    public void Too_many_rules_and_too_long_texts_are_refused()
    {
        var many = string.Join(",", Enumerable.Range(0, TriggerRuleJson.MaxRules + 1).Select(i => $"r{i}").Select(id => "{\"id\":\"" + id + "\",\"package_id\":\"p\",\"when\":{\"tag_name\":\"t\"}}"));
        Assert.Contains("at most", Read("{\"rules\":[" + many + "]}").Problems.Single());
        var longName = new string('x', TriggerRuleJson.MaxTextLength + 1);
        Assert.NotEmpty(Read("{\"rules\":[{\"id\":\"r\",\"package_id\":\"p\",\"when\":{\"tag_name\":\"" + longName + "\"}}]}").Problems);
    }

    [Fact]
    public void What_is_written_reads_back_as_the_same_rules()
    {
        var text = Gen.String[Gen.Char.AlphaNumeric, 1, 12];
        var when = Gen.Int[0, 2].SelectMany(k => text.Select(t => k switch
        {
            0 => new TriggerWhen(t, null, null),
            1 => new TriggerWhen(null, t, null),
            _ => new TriggerWhen(null, null, t),
        }));
        var jobs = Gen.Int[0, 2].SelectMany(k => text.Array[1, 4].Select(ids =>
            k == 2 ? (TriggerJobsMode.List, ids.Distinct().ToArray()) : ((TriggerJobsMode)k, Array.Empty<string>())));
        var onResult = Gen.Select(Gen.Bool, Gen.Bool, text.Null(), text.Null(), (l, n, s, t) => new TriggerOnResult(l, n, s, t));
        var rule = Gen.Select(text, text, when, jobs, Gen.Bool, onResult,
            (id, package, w, j, existing, result) => new TriggerRule(id, package, w, j.Item1, j.Item2, existing, result));

        rule.Array[0, 6].Where(rs => rs.Select(r => r.Id).Distinct().Count() == rs.Length).Sample(rules =>
        {
            var json = $"{{\"rules\":{TriggerRuleJson.Write(rules).ToJsonString()}}}";
            var (read, problems) = Read(json);
            Assert.Empty(problems);
            Assert.Equal(rules.Length, read.Count);
            for (var i = 0; i < rules.Length; i++)
            {
                Assert.Equal(rules[i] with { JobIds = [] }, read[i] with { JobIds = [] });
                Assert.Equal(rules[i].JobIds, read[i].JobIds);
            }
        });
    }
}
