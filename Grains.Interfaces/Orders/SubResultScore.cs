namespace OrleansKombo.Orders;

[GenerateSerializer, Immutable]
public sealed record SubResultScore(double Value, double Max);
