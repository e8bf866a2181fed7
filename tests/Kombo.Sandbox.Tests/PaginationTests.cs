using System.Net;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class PaginationTests : SandboxTest
{
    [Fact]
    public async Task A_page_size_above_250_is_rejected_with_400()
    {
        using var client = Harness.Client(Harness.Ready());
        var (status, body) = await SandboxHarness.GetJson(client, "ats/jobs?page_size=251");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PLATFORM.INPUT_INVALID", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    public async Task A_page_size_below_1_or_not_a_number_is_rejected_with_400(string pageSize)
    {
        using var client = Harness.Client(Harness.Ready());
        var (status, _) = await SandboxHarness.GetJson(client, $"ats/tags?page_size={pageSize}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task The_default_page_size_is_100_and_250_is_allowed()
    {
        using var client = Harness.Client(Harness.Ready(GeneratorScale.Small with { Candidates = 300 }));
        var (_, first) = await SandboxHarness.GetJson(client, "ats/candidates");
        Assert.Equal(100, first.GetProperty("data").GetProperty("results").GetArrayLength());
        var (_, large) = await SandboxHarness.GetJson(client, "ats/candidates?page_size=250");
        Assert.Equal(250, large.GetProperty("data").GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("eyJmb28iOiJiYXIifQ")]
    public async Task An_invalid_cursor_is_rejected_with_400(string cursor)
    {
        using var client = Harness.Client(Harness.Ready());
        var (status, body) = await SandboxHarness.GetJson(client, $"ats/jobs?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PLATFORM.INPUT_INVALID", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_cursor_of_another_endpoint_is_rejected_with_400()
    {
        using var client = Harness.Client(Harness.Ready());
        var (_, page) = await SandboxHarness.GetJson(client, "ats/applications?page_size=5");
        var cursor = page.GetProperty("data").GetProperty("next").GetString();
        var (status, _) = await SandboxHarness.GetJson(client, $"ats/candidates?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_full_read_returns_every_live_record_exactly_once_and_ends_with_next_null()
    {
        var integration = Harness.Ready();
        using var client = Harness.Client(integration);
        foreach (var model in SandboxModels.All)
        {
            var read = SandboxHarness.Ids(await SandboxHarness.ReadAll(client, "ats/" + model.PathName(), pageSize: 7));
            var expected = integration.Records(model).Where(r => !r.Deleted).Select(r => r.Id).ToList();
            Assert.Equal(expected, read);
        }
    }

    [Fact]
    public async Task Pagination_under_concurrent_changes_neither_skips_nor_repeats_a_record()
    {
        var integration = Harness.Ready(GeneratorScale.Small with { Applications = 1000, Candidates = 400 });
        using var client = Harness.Client(integration);
        var before = integration.Records(SandboxModel.Applications).Select(r => r.Id).ToList();
        var created = new List<string>();
        var read = SandboxHarness.Ids(await SandboxHarness.ReadAll(client, "ats/applications", "include_deleted=true", pageSize: 50, betweenPages: _ =>
        {
            integration.UpdateRecords(SandboxModel.Applications, 20);
            integration.MoveApplications(10);
            integration.UpdateRecords(SandboxModel.Candidates, 10);
            integration.DeleteRecords(SandboxModel.Applications, 3);
            created.AddRange(integration.CreateRecords(SandboxModel.Applications, 5));
        }));

        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Empty(before.Except(read));
        Assert.Equal(before.Concat(created), read);
    }

    [Fact]
    public async Task Pagination_while_records_are_deleted_never_repeats_a_record_and_keeps_the_survivors()
    {
        var integration = Harness.Ready(GeneratorScale.Small with { Candidates = 500 });
        using var client = Harness.Client(integration);
        var deleted = new List<string>();
        var read = SandboxHarness.Ids(await SandboxHarness.ReadAll(client, "ats/candidates", pageSize: 40,
            betweenPages: _ => deleted.AddRange(integration.DeleteRecords(SandboxModel.Candidates, 15))));
        Assert.Equal(read.Count, read.Distinct().Count());
        var survivors = integration.Records(SandboxModel.Candidates).Where(r => !r.Deleted).Select(r => r.Id);
        Assert.Empty(survivors.Except(read));
    }

    [Fact]
    public async Task The_cursor_keeps_the_filters_the_read_started_with()
    {
        var integration = Harness.Ready(GeneratorScale.Small with { Applications = 600 });
        using var client = Harness.Client(integration);
        var (_, first) = await SandboxHarness.GetJson(client, "ats/applications?page_size=10&outcomes=DECLINED");
        var next = first.GetProperty("data").GetProperty("next").GetString();
        var (_, second) = await SandboxHarness.GetJson(client, $"ats/applications?page_size=10&cursor={next}");
        Assert.All(second.GetProperty("data").GetProperty("results").EnumerateArray(),
            r => Assert.Equal("DECLINED", r.GetProperty("outcome").GetString()));
    }
}
