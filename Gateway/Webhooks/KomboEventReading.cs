namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// The outcome of reading a body: an event, or why not. <see cref="Event"/> is set together with
/// <see cref="Problem"/> when the envelope was fine but the payload had the wrong shape, so it can be recorded.
/// </summary>
public sealed record KomboEventReading(KomboEvent? Event, string? Problem)
{
    public bool IsUsable => Event is not null && Problem is null;
}
