namespace OrleansKombo.Orders;

/// <summary>The answer to a result or a cancel: taken (written back in the background), or why not.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderCommandAnswer(OrderCommandOutcome Outcome, string? Message)
{
    public static OrderCommandAnswer Accepted { get; } = new(OrderCommandOutcome.Accepted, null);

    public static OrderCommandAnswer Refuse(OrderCommandOutcome outcome, string message) => new(outcome, message);
}
