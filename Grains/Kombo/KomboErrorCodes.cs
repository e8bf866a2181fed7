namespace OrleansKombo.Grains.Kombo;

/// <summary>The <c>error.code</c> values we branch on, as Kombo advises (never on message or HTTP status).</summary>
public static class KomboErrorCodes
{
    public const string SetupSyncPending = "INTEGRATION.SETUP_SYNC_PENDING";
    public const string SetupIncomplete = "INTEGRATION.SETUP_INCOMPLETE";
    public const string QaFailed = "INTEGRATION.QA_FAILED";
    public const string RateLimitExceeded = "PLATFORM.RATE_LIMIT_EXCEEDED";
    public const string ConcurrencyLimitExceeded = "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED";
    public const string IntegrationNotFound = "PLATFORM.INTEGRATION_NOT_FOUND";
    public const string AuthenticationInvalid = "PLATFORM.AUTHENTICATION_INVALID";
    public const string IntegrationAuthenticationInvalid = "INTEGRATION.AUTHENTICATION_INVALID";
    public const string InputInvalid = "PLATFORM.INPUT_INVALID";

    /// <summary>The integration exists but Kombo has no data for it yet: wait, this is not a failure.</summary>
    public static bool IsNotReady(string? code) => code is SetupSyncPending or SetupIncomplete or QaFailed;
}
