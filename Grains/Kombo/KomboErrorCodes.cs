using System.Collections.Frozen;
using System.Reflection;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// Kombo's <c>error.code</c> values for ATS and assessment calls (../shared/kombo/README.md §1). What each means for
/// us is in <see cref="KomboErrors.Table"/>; nothing else branches on a code.
/// </summary>
public static class KomboErrorCodes
{
    public const string RateLimitExceeded = "PLATFORM.RATE_LIMIT_EXCEEDED";
    public const string ConcurrencyLimitExceeded = "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED";
    public const string IntegrationNotFound = "PLATFORM.INTEGRATION_NOT_FOUND";
    public const string InputInvalid = "PLATFORM.INPUT_INVALID";
    public const string UnknownError = "PLATFORM.UNKNOWN_ERROR";
    public const string IpNotWhitelisted = "PLATFORM.IP_NOT_WHITELISTED";
    public const string AuthenticationInvalid = "PLATFORM.AUTHENTICATION_INVALID";
    public const string TaskTimedOut = "PLATFORM.TASK_TIMED_OUT";

    public const string PermissionMissing = "INTEGRATION.PERMISSION_MISSING";
    public const string IntegrationAuthenticationInvalid = "INTEGRATION.AUTHENTICATION_INVALID";
    public const string QaFailed = "INTEGRATION.QA_FAILED";
    public const string SetupSyncPending = "INTEGRATION.SETUP_SYNC_PENDING";
    public const string SetupIncomplete = "INTEGRATION.SETUP_INCOMPLETE";
    public const string Inactive = "INTEGRATION.INACTIVE";
    public const string ModelNotAvailable = "INTEGRATION.MODEL_NOT_AVAILABLE";
    public const string ModelDisabled = "INTEGRATION.MODEL_DISABLED";
    public const string ActionNotAvailable = "INTEGRATION.ACTION_NOT_AVAILABLE";
    public const string ActionDisabled = "INTEGRATION.ACTION_DISABLED";

    public const string RemoteServiceUnavailable = "REMOTE.SERVICE_UNAVAILABLE";
    public const string RemoteRateLimitExceeded = "REMOTE.RATE_LIMIT_EXCEEDED";
    public const string RemoteInputInvalid = "REMOTE.INPUT_INVALID";
    public const string RemoteUnknownHttpError = "REMOTE.UNKNOWN_HTTP_ERROR";

    public const string JobClosed = "ATS.JOB_CLOSED";
    public const string ApplicationAlreadyExists = "ATS.APPLICATION_ALREADY_EXISTS";

    /// <summary>Every code above (read from the constants, so the list cannot drift): the metrics' <c>code</c> label values.</summary>
    public static readonly FrozenSet<string> All = typeof(KomboErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToFrozenSet(StringComparer.Ordinal);
}
