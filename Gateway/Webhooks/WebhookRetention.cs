using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// How long the inbox keeps what (<c>Webhooks:*</c>), checked before the gateway starts. A body (the minimised JSON) is
/// kept for <see cref="RetainBodiesFor"/>, enough to look into and replay an event; the row (id, type, status, answer,
/// the body's hash and size) for <see cref="RetainIdsFor"/>, so a repeat Kombo sends late still gets its first answer and
/// is never processed twice.
/// </summary>
public sealed class WebhookRetention
{
    public const string Section = "Webhooks";

    /// <summary>Kombo does not document how long it retries; a row kept less than a day could be taken for a new event.</summary>
    public static readonly TimeSpan ShortestIdRetention = TimeSpan.FromDays(1);

    public TimeSpan RetainBodiesFor { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan RetainIdsFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each gateway's <see cref="InboxPurger"/> looks for what is due.</summary>
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromMinutes(10);

    public static WebhookRetention Read(IConfiguration configuration) => Settings.Read<WebhookRetention>(configuration, Section, Problem);

    private static string? Problem(WebhookRetention r) =>
        r.RetainBodiesFor <= TimeSpan.Zero ? $"{Section}:RetainBodiesFor must be a positive time span like 30.00:00:00, not {r.RetainBodiesFor}."
        : r.RetainIdsFor < r.RetainBodiesFor ? $"{Section}:RetainIdsFor ({r.RetainIdsFor}) must be at least {Section}:RetainBodiesFor ({r.RetainBodiesFor}): a row without its id cannot keep a body."
        : r.RetainIdsFor < ShortestIdRetention ? $"{Section}:RetainIdsFor must be at least {ShortestIdRetention}, so that Kombo's late repeats are still recognised, not {r.RetainIdsFor}."
        : r.PurgeEvery <= TimeSpan.Zero ? $"{Section}:PurgeEvery must be a positive time span like 00:10:00, not {r.PurgeEvery}."
        : null;
}
