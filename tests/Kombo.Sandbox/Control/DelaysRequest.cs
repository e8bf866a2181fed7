namespace Kombo.Sandbox.Control;

public sealed record DelaysRequest(int? ReadDelayMs, int? WriteDelayMs);
