using System.Net;

namespace OrleansKombo.Grains.Kombo;

/// <summary>A Kombo error response, read from its envelope <c>{"status":"error","error":{code,title,message,log_url}}</c>.</summary>
public sealed class KomboApiException(HttpStatusCode status, string? code, string message, string? logUrl, TimeSpan? retryAfter)
    : Exception($"Kombo answered {(int)status} {code ?? "(no code)"}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string? Code { get; } = code;

    public string KomboMessage { get; } = message;

    public string? LogUrl { get; } = logUrl;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>SETUP_SYNC_PENDING, SETUP_INCOMPLETE or QA_FAILED, whether sent as 409 or (before May 2026) 503.</summary>
    public bool IsNotReady => KomboErrorCodes.IsNotReady(Code);

    /// <summary>Worth trying again later: rate limits, concurrency limits, and Kombo's or the ATS's 5xx.</summary>
    public bool IsTransient => !IsNotReady && (Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)Status >= 500);
}
