namespace Kombo.Sandbox.Control;

/// <summary>The body of <c>PUT /sandbox/integrations/{id}/write-actions/{action_id}</c>.</summary>
public sealed record WriteActionRequest(bool IsAvailable);
