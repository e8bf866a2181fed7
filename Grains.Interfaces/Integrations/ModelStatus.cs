using System.Text.Json.Serialization;

namespace OrleansKombo.Integrations;

/// <summary>
/// How reading one catalog model (<see cref="Catalog.AtsModel"/>: users, jobs, …, keyed by its name) from Kombo goes:
/// <see cref="Status"/> is <see cref="Ok"/>, or <see cref="Unavailable"/> while Kombo refuses the model
/// (<c>INTEGRATION.PERMISSION_MISSING</c>, <c>MODEL_NOT_AVAILABLE</c>, <c>MODEL_DISABLED</c>): the pull skips it and
/// reads the others.
/// </summary>
/// <param name="Code">Kombo's <c>error.code</c> while unavailable.</param>
/// <param name="Message">Kombo's <c>error.message</c> while unavailable.</param>
/// <param name="Since">When the model entered this status.</param>
/// <param name="LastTriedAt">When Kombo last refused it; it is tried again after the next sync-finished, else about hourly.</param>
/// <param name="Watermark">
/// While unavailable: the <c>updated_after</c> the model reads from once it works again (its last good watermark),
/// or null for a full read of the model (it never succeeded). While OK the integration's watermark applies.
/// </param>
[GenerateSerializer, Immutable]
public sealed record ModelStatus(
    string Status,
    string? Code,
    string? Message,
    DateTimeOffset Since,
    DateTimeOffset? LastTriedAt,
    DateTimeOffset? Watermark)
{
    public const string Ok = "OK";
    public const string Unavailable = "UNAVAILABLE";

    [JsonIgnore]
    public bool IsUnavailable => Status == Unavailable;
}
