using System.Collections.Concurrent;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Recording;
using Kombo.Sandbox.Webhooks;

namespace Kombo.Sandbox.Integrations;

/// <summary>Everything one sandbox holds: its integrations, the webhook dispatcher and the request recorder.</summary>
public sealed class SandboxState(SandboxOptions options, WebhookDispatcher webhooks, RequestRecorder recorder)
{
    private readonly ConcurrentDictionary<string, SandboxIntegration> integrations = new(StringComparer.Ordinal);
    private int created;

    public SandboxOptions Options => options;

    public WebhookDispatcher Webhooks => webhooks;

    public RequestRecorder Requests => recorder;

    public IReadOnlyList<SandboxIntegration> Integrations => integrations.Values.OrderBy(i => i.CreatedAt).ToList();

    public SandboxIntegration? Find(string? id) => id is not null && integrations.TryGetValue(id, out var integration) ? integration : null;

    public SandboxIntegration Get(string id) => Find(id) ?? throw Control.ControlException.NotFound($"integration '{id}'");

    /// <summary>Creates an integration with generated data and sends <c>integration-created</c>.</summary>
    public SandboxIntegration Create(IntegrationSpec spec)
    {
        var number = Interlocked.Increment(ref created);
        var seed = spec.Seed ?? options.Seed + number;
        var id = spec.Id ?? $"{spec.Tool}:{KomboIds.Next(Random.Shared)}";
        var integration = new SandboxIntegration(id, spec, seed, options.Time, webhooks);
        if (!integrations.TryAdd(id, integration))
        {
            throw Control.ControlException.Invalid($"an integration with the id '{id}' exists already");
        }
        _ = integration.AnnounceCreated();
        return integration;
    }

    /// <summary>Removes the integration (reads then answer <c>PLATFORM.INTEGRATION_NOT_FOUND</c>) and sends <c>integration-deleted</c>.</summary>
    public Task Delete(string id)
    {
        if (!integrations.TryRemove(id, out var integration))
        {
            throw Control.ControlException.NotFound($"integration '{id}'");
        }
        return integration.MarkDeleted();
    }
}
