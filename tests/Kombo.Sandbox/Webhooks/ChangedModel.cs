namespace Kombo.Sandbox.Webhooks;

public sealed record ChangedModel(string Name);
