using CsCheck;
using OrleansKombo.Grains.Assessment;
using OrleansKombo.Orders;

namespace OrleansKombo.UnitTests.Triggers;

/// <summary>The fallback choice of a triggered order's write-back (issue 12 §3), pure.</summary>
public sealed class AtsWriteFallbackTests
{
    private static Func<AtsAction, bool> Only(params AtsAction[] available) => a => available.Contains(a);

    [Theory]
    [InlineData(AtsAction.ResultLink)]
    [InlineData(AtsAction.Note)]
    [InlineData(AtsAction.StageMove)]
    [InlineData(AtsAction.Tag)]
    public void An_available_action_is_written_itself(AtsAction action) =>
        Assert.Equal(AtsWriteChoice.Write(action), AtsWriteFallback.Choose(action, Only(action)));

    [Theory]
    [InlineData(AtsAction.ResultLink)]
    [InlineData(AtsAction.StageMove)]
    [InlineData(AtsAction.Tag)]
    public void An_action_the_integration_lacks_becomes_a_note(AtsAction action) =>
        Assert.Equal(AtsWriteChoice.NoteInstead(), AtsWriteFallback.Choose(action, Only(AtsAction.Note)));

    [Fact]
    public void Without_notes_too_the_write_back_fails_with_both_reasons()
    {
        var choice = AtsWriteFallback.Choose(AtsAction.ResultLink, Only(), "Kombo answered INTEGRATION.ACTION_NOT_AVAILABLE");
        Assert.Null(choice.Action);
        Assert.Contains("INTEGRATION.ACTION_NOT_AVAILABLE", choice.Failure);
        Assert.Contains(AtsActions.Id(AtsAction.Note), choice.Failure);
    }

    [Fact]
    public void A_note_the_integration_lacks_fails_rather_than_falling_back_to_itself()
    {
        var choice = AtsWriteFallback.Choose(AtsAction.Note, Only(AtsAction.ResultLink, AtsAction.StageMove, AtsAction.Tag));
        Assert.Null(choice.Action);
        Assert.Contains("no notes", choice.Failure);
    }

    [Fact]
    public void Every_choice_writes_the_action_a_note_or_fails_and_only_a_note_stands_in() =>
        Gen.Select(Gen.Enum<AtsAction>(), Gen.Enum<AtsAction>().Array[0, 4]).Sample((wanted, available) =>
        {
            var choice = AtsWriteFallback.Choose(wanted, Only(available));
            return choice switch
            {
                { Failure: not null } => choice.Action is null && !available.Contains(wanted) && (wanted == AtsAction.Note || !available.Contains(AtsAction.Note)),
                { Fallback: true } => choice.Action == AtsAction.Note && wanted != AtsAction.Note && !available.Contains(wanted),
                _ => choice.Action == wanted && available.Contains(wanted),
            };
        });

    [Fact]
    public void The_link_carries_the_score_and_each_sub_score_as_Kombo_key_value_strings()
    {
        var result = new OrderResult(ResultStatus.Completed, "https://vendor.example/r/1", Score: 82.5, MaxScore: 100,
            Attributes: [new ResultAttribute(ResultAttributeType.SubResult, "Role Fit", Id: "role-fit", Score: new SubResultScore(7, 10)),
                new ResultAttribute(ResultAttributeType.Text, "Level", Value: "Senior")]);
        Assert.Equal(
            [new("Score", "82.5/100"), new("Role Fit", "7/10"), new("Level", "Senior")],
            AtsResultWriter.Attributes(result));
    }
}
