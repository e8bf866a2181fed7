namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// A verified webhook: the envelope's id and type, the integration it concerns (when the payload names one), and
/// the typed payload, or null for a type we do not know.
/// </summary>
public sealed record KomboEvent(string Id, string Type, string? IntegrationId, object? Data);
