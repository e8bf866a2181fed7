using OrleansKombo.JobLinks;

namespace OrleansKombo.UnitTests.JobLinks;

public sealed class VendorJobRulesTests
{
    private static List<VendorJob> Jobs(int count) =>
        Enumerable.Range(1, count).Select(i => new VendorJob($"v-{i}", $"Job {i}", null, null, null)).ToList();

    [Fact]
    public void Up_to_a_thousand_jobs_are_taken_per_call_and_one_more_is_refused()
    {
        Assert.Empty(VendorJobRules.Problems(Jobs(VendorJobRules.MaxPerCall)));
        Assert.Equal([$"jobs holds 1001 jobs; at most {VendorJobRules.MaxPerCall} are taken per call."],
            VendorJobRules.Problems(Jobs(VendorJobRules.MaxPerCall + 1)));
        Assert.Equal(["jobs must hold at least one job."], VendorJobRules.Problems([]));
    }

    [Fact]
    public void Each_problem_names_the_job_and_field_and_a_repeated_vendor_job_id_is_refused()
    {
        var problems = VendorJobRules.Problems(
        [
            new VendorJob("", "Title", null, null, null),
            new VendorJob("v-2", " ", null, null, null),
            new VendorJob("v-3", "Title", new string('c', 201), "https://x/" + new string('p', 2_040), null),
            new VendorJob("v-4", "Title", null, null, null),
            new VendorJob("v-4", "Again", null, null, null),
        ]);

        Assert.Equal(
        [
            "jobs[0].vendor_job_id is required and must be a non-empty string.",
            "jobs[1].title is required and must be a non-empty string.",
            "jobs[2].job_code is longer than 200 characters.",
            "jobs[2].post_url is longer than 2048 characters.",
            "vendor_job_id 'v-4' appears more than once.",
        ], problems);
    }

    [Fact]
    public void A_call_with_a_problem_in_every_job_answers_at_most_twenty_problems()
    {
        var problems = VendorJobRules.Problems(Enumerable.Range(0, 500).Select(_ => new VendorJob("", "", null, null, null)).ToList());

        Assert.Equal(20, problems.Count);
    }
}
