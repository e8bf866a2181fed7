using System.Net;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// The one table from Kombo's <c>error.code</c> to what we do about it. Kombo advises branching on the code, never on
/// the message or the HTTP status (../shared/kombo/README.md §1); the status decides only for a code we do not know.
/// The README's "Kombo's error codes" section shows this table, and a unit test keeps the two the same.
/// </summary>
public static class KomboErrors
{
    /// <summary>Every code Kombo lists for ATS and assessment calls (README §1), with its behaviour.</summary>
    public static IReadOnlyList<KomboErrorRule> Table { get; } =
    [
        new(KomboErrorCodes.SetupSyncPending, KomboErrorKind.NotReady, "Kombo's first sync has not finished: wait and probe; not a failure."),
        new(KomboErrorCodes.SetupIncomplete, KomboErrorKind.SetupIncomplete, "The customer has not finished the setup steps: wait; NEEDS_CUSTOMER_ACTION."),
        new(KomboErrorCodes.QaFailed, KomboErrorKind.QaFailed, "Kombo's quality check failed: wait; KOMBO_ISSUE."),
        new(KomboErrorCodes.PermissionMissing, KomboErrorKind.ModelUnavailable, "On a read: skip this model and pull the others; try it again after the next sync-finished, else hourly."),
        new(KomboErrorCodes.ModelNotAvailable, KomboErrorKind.ModelUnavailable, "On a read: skip this model and pull the others; try it again after the next sync-finished, else hourly."),
        new(KomboErrorCodes.ModelDisabled, KomboErrorKind.ModelUnavailable, "On a read: skip this model and pull the others; try it again after the next sync-finished, else hourly."),
        new(KomboErrorCodes.IntegrationNotFound, KomboErrorKind.IntegrationGone, "Kombo does not know the integration: mark it gone (DEGRADED); no retries until a webhook names it or an operator asks."),
        new(KomboErrorCodes.Inactive, KomboErrorKind.IntegrationInactive, "The integration is switched off: no pulls until integration-state-changed says ACTIVE."),
        new(KomboErrorCodes.IntegrationAuthenticationInvalid, KomboErrorKind.CustomerCredentials, "The customer's ATS credentials are refused: NEEDS_CUSTOMER_ACTION; slow retries."),
        new(KomboErrorCodes.AuthenticationInvalid, KomboErrorKind.OurCredentials, "Our Kombo API key is refused: DEGRADED, an operator must fix Kombo:ApiKey; slow retries."),
        new(KomboErrorCodes.IpNotWhitelisted, KomboErrorKind.OurCredentials, "Our address is not allowed by Kombo: DEGRADED, an operator must fix it; slow retries."),
        new(KomboErrorCodes.RateLimitExceeded, KomboErrorKind.Throttled, "Kombo paces us: back off, honouring Retry-After."),
        new(KomboErrorCodes.ConcurrencyLimitExceeded, KomboErrorKind.Throttled, "Too many writes in flight: back off, honouring Retry-After."),
        new(KomboErrorCodes.RemoteRateLimitExceeded, KomboErrorKind.Throttled, "The ATS paces Kombo: back off, honouring Retry-After."),
        new(KomboErrorCodes.UnknownError, KomboErrorKind.Transient, "Kombo failed: retry with backoff."),
        new(KomboErrorCodes.TaskTimedOut, KomboErrorKind.Transient, "Kombo timed out: retry with backoff."),
        new(KomboErrorCodes.RemoteServiceUnavailable, KomboErrorKind.Transient, "The ATS is down: retry with backoff."),
        new(KomboErrorCodes.RemoteUnknownHttpError, KomboErrorKind.Transient, "The ATS failed: retry with backoff."),
        new(KomboErrorCodes.InputInvalid, KomboErrorKind.Rejected, "Kombo refused what we sent: a permanent failure, Kombo's message shown."),
        new(KomboErrorCodes.RemoteInputInvalid, KomboErrorKind.Rejected, "The ATS refused what we sent: a permanent failure, Kombo's message shown."),
        new(KomboErrorCodes.JobClosed, KomboErrorKind.Rejected, "The job is closed in the ATS: a permanent failure."),
        new(KomboErrorCodes.ApplicationAlreadyExists, KomboErrorKind.Rejected, "The application exists already: a permanent failure."),
        new(KomboErrorCodes.ActionNotAvailable, KomboErrorKind.Rejected, "The ATS cannot do this write: a permanent failure (or a fallback, where one exists)."),
        new(KomboErrorCodes.ActionDisabled, KomboErrorKind.Rejected, "This write is switched off for the integration: a permanent failure."),
    ];

    private static readonly Dictionary<string, KomboErrorKind> ByCode = Table.ToDictionary(r => r.Code, r => r.Kind, StringComparer.Ordinal);

    /// <summary>
    /// What an error means. <paramref name="code"/> decides when we know it; otherwise the HTTP status does. A Kombo
    /// envelope with no code answered 503 is Kombo's pre-2026 "the first sync didn't finish yet" (the syncing guide's
    /// message-only 503), not an outage; a 503 with no envelope (a proxy's HTML page) is.
    /// </summary>
    public static KomboErrorKind Classify(HttpStatusCode status, string? code, bool hasEnvelope)
    {
        if (code is not null && ByCode.TryGetValue(code, out var kind))
        {
            return kind;
        }
        return (int)status switch
        {
            503 when code is null && hasEnvelope => KomboErrorKind.NotReady,
            429 => KomboErrorKind.Throttled,
            408 or >= 500 => KomboErrorKind.Transient,
            _ => KomboErrorKind.Rejected,
        };
    }

    /// <summary>What a failed call is shown and logged as: Kombo's answer, or what went wrong when none came.</summary>
    public static string Describe(Exception error) =>
        error is KomboApiException kombo ? kombo.Message : $"{error.GetType().Name}: {error.Message}";
}

/// <summary>One row of <see cref="KomboErrors.Table"/>.</summary>
public sealed record KomboErrorRule(string Code, KomboErrorKind Kind, string Behaviour);

/// <summary>What a Kombo error means for us; <see cref="KomboErrors"/> decides which applies.</summary>
public enum KomboErrorKind
{
    /// <summary>Kombo has no data yet: wait and ask again; not a failure.</summary>
    NotReady,

    /// <summary>The customer must finish Kombo's setup steps; until then there is no data.</summary>
    SetupIncomplete,

    /// <summary>Kombo's quality check failed; Kombo must act; until then there is no data.</summary>
    QaFailed,

    /// <summary>A read of one model is not allowed or not offered: skip the model, keep the others.</summary>
    ModelUnavailable,

    /// <summary>Kombo does not know the integration.</summary>
    IntegrationGone,

    /// <summary>The integration is switched off in Kombo.</summary>
    IntegrationInactive,

    /// <summary>The customer's ATS credentials are refused.</summary>
    CustomerCredentials,

    /// <summary>Kombo refuses our own API key or address.</summary>
    OurCredentials,

    /// <summary>A rate or concurrency limit: wait (Retry-After when given) and try again.</summary>
    Throttled,

    /// <summary>Kombo or the ATS failed for now: try again with backoff.</summary>
    Transient,

    /// <summary>What we sent was refused for good: do not repeat it.</summary>
    Rejected,
}
