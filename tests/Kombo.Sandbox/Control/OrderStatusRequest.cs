namespace Kombo.Sandbox.Control;

/// <summary>The status an order gets in the ATS (OPEN, COMPLETED, CANCELLED, REJECTED), as Kombo then lists it.</summary>
public sealed record OrderStatusRequest(string? Status);
