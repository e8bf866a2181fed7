using OrleansKombo.Jobs;

namespace OrleansKombo.UnitTests.Jobs;

public sealed class JobStatesTests
{
    [Fact]
    public void Kombo_statuses_are_our_states_without_deleted()
    {
        Assert.Equal(["OPEN", "CLOSED", "DRAFT", "ARCHIVED"], JobStates.KomboStatuses);
    }

    [Theory]
    [InlineData("OPEN", JobState.Open)]
    [InlineData("CLOSED", JobState.Closed)]
    [InlineData("DRAFT", JobState.Draft)]
    [InlineData("ARCHIVED", JobState.Archived)]
    [InlineData("DELETED", JobState.Deleted)]
    public void Our_own_state_words_parse(string word, JobState state) => Assert.Equal(state, JobStates.Parse(word));

    /// <summary>Reading a raw status is PostgreSQL's job (job_state); this only reads back the words we wrote.</summary>
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("open")]
    [InlineData(" OPEN")]
    [InlineData("On hold")]
    [InlineData("")]
    public void Nothing_else_parses_not_even_a_number(string word) => Assert.Throws<FormatException>(() => JobStates.Parse(word));
}
