using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Orders;

[GenerateSerializer]
public sealed class OrderState
{
    [Id(0)] public AssessmentOrderReceived? Order { get; set; }

    [Id(1)] public bool Inline { get; set; }

    [Id(2)] public DateTimeOffset ReceivedAt { get; set; }

    [Id(3)] public OrderDecision? Decision { get; set; }
}
