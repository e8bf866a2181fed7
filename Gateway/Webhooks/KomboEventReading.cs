namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// The outcome of reading a body: an event, or why not. <see cref="Event"/> is set together with
/// <see cref="Problem"/> when the envelope was fine but the payload had the wrong shape, so it can be recorded.
/// <see cref="Body"/> is what the inbox may keep of the body (MinimisedJson: no phone number, nothing PostgreSQL refuses),
/// or null when the body is not JSON and only its hash and size may be kept.
/// </summary>
public sealed record KomboEventReading(KomboEvent? Event, string? Problem, string? Body = null)
{
    public bool IsUsable => Event is not null && Problem is null;
}
