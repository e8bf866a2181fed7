namespace OrleansKombo.Gateway.Api;

/// <summary>A page of a list: <c>{"results":[…],"next":"&lt;cursor&gt;"|null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Results, string? Next);
