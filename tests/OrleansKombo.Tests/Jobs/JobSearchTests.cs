using System.Net;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Jobs;

/// <summary>The jobs list for an import page (issue 13 §2): q, job_code, post_url, remote_id, with status and selected.</summary>
[Collection(KomboClusterCollection.Name)]
public sealed class JobSearchTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private Task<string> SeedAsync() => SyncedRows.IntegrationWithJobsAsync(fixture,
        new("senior", "Senior Backend Engineer (m/w/d)", "ENG-7", "https://Jobs.Example.com/post/7/?utm_source=linkedin"),
        new("sr", "Sr. Backend-Engineer", "eng-8", "https://jobs.example.com/post/8"),
        new("junior", "Junior Backend Engineer – Berlin", null, "https://jobs.example.com/post/9?lang=de", "CLOSED"),
        new("ingenieur", "Ingénieur·e Logiciel", "FR-1"),
        new("japanese", "データサイエンティスト"),
        new("unnamed", ""),
        new("gone", "Backend Engineer", "ENG-9", Deleted: DateTimeOffset.UtcNow));

    [Theory]
    [InlineData("q=backend", new[] { "junior", "senior", "sr" })]
    [InlineData("q=BACKEND%20ENGINEER", new[] { "junior", "senior", "sr" })]
    [InlineData("q=senior%20backend", new[] { "senior", "sr" })]
    [InlineData("q=Sr.", new[] { "senior", "sr" })]
    [InlineData("q=backend-engineer", new[] { "junior", "senior", "sr" })]
    [InlineData("q=ingenieur", new[] { "ingenieur" })]
    [InlineData("q=ING%C3%89NIEUR%C2%B7E", new[] { "ingenieur" })]
    [InlineData("q=%E3%82%B5%E3%82%A4%E3%82%A8%E3%83%B3", new[] { "japanese" })]
    [InlineData("q=m%2Fw%2Fd", new string[0])]
    [InlineData("q=%25", new string[0])]
    [InlineData("q=_", new string[0])]
    [InlineData("q=backend&status=OPEN", new[] { "senior", "sr" })]
    [InlineData("q=backend&include_deleted=true", new[] { "gone", "junior", "senior", "sr" })]
    [InlineData("job_code=eng-7", new[] { "senior" })]
    [InlineData("job_code=%20ENG-8%20", new[] { "sr" })]
    [InlineData("job_code=ENG", new string[0])]
    [InlineData("post_url=http%3A%2F%2Fjobs.example.com%2Fpost%2F7", new[] { "senior" })]
    [InlineData("post_url=https%3A%2F%2FJOBS.EXAMPLE.COM%2Fpost%2F8%2F%3Fgclid%3Dx%23apply", new[] { "sr" })]
    [InlineData("post_url=jobs.example.com%2Fpost%2F9%3Flang%3Dde%26fbclid%3Dy", new[] { "junior" })]
    [InlineData("post_url=https%3A%2F%2Fjobs.example.com%2Fpost%2F9", new string[0])]
    [InlineData("remote_id=r-sr", new[] { "sr" })]
    [InlineData("remote_id=R-SR", new string[0])]
    [InlineData("q=backend&selected=true", new[] { "junior", "senior", "sr" })]
    [InlineData("q=backend&selected=false", new string[0])]
    public async Task The_filters_find_the_jobs_an_import_page_asks_for(string query, string[] expected)
    {
        var integration = await SeedAsync();

        var jobs = await Api.GetAllPagesAsync($"/api/integrations/{integration}/jobs?page_size=1&{query}");

        Assert.Equal(expected, jobs.Ids());
    }

    [Theory]
    [InlineData("q", 201)]
    [InlineData("job_code", 201)]
    [InlineData("remote_id", 201)]
    [InlineData("post_url", 2_049)]
    public async Task A_filter_value_beyond_its_limit_is_refused(string name, int length)
    {
        var integration = await SeedAsync();

        await Api.AssertErrorAsync($"/api/integrations/{integration}/jobs?{name}={new string('a', length)}", HttpStatusCode.BadRequest, name);
    }
}
