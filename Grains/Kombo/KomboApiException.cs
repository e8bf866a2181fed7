using System.Net;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// A Kombo error response, read from its envelope <c>{"status":"error","error":{code,title,message,log_url}}</c>.
/// <see cref="Kind"/> is what it means for us, decided once by <see cref="KomboErrors"/>.
/// </summary>
public sealed class KomboApiException(HttpStatusCode status, string? code, string message, string? logUrl, TimeSpan? retryAfter,
    bool hasEnvelope = true)
    : Exception($"Kombo answered {(int)status} {code ?? "(no code)"}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string? Code { get; } = code;

    public string KomboMessage { get; } = message;

    public string? LogUrl { get; } = logUrl;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public KomboErrorKind Kind { get; } = KomboErrors.Classify(status, code, hasEnvelope);

    /// <summary>Kombo has no data for the integration yet (first sync pending, setup incomplete, QA failed).</summary>
    public bool IsNotReady => Kind is KomboErrorKind.NotReady or KomboErrorKind.SetupIncomplete or KomboErrorKind.QaFailed;

    /// <summary>Worth trying again soon: rate and concurrency limits, and Kombo's or the ATS's passing failures.</summary>
    public bool IsTransient => Kind is KomboErrorKind.Throttled or KomboErrorKind.Transient;
}
