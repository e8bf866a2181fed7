namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Kombo documents <c>sync_state</c> only as a string; these are the values its syncing guide names, and what
/// each means for us (../shared/seeds/kombo-syncing-jobs-guide.txt).
/// </summary>
public static class SyncStates
{
    public const string Succeeded = "SUCCEEDED";
    public const string PartiallyFailed = "PARTIALLY_FAILED";
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string AuthenticationFailed = "AUTHENTICATION_FAILED";

    /// <summary>The sync went through: there is new data to pull.</summary>
    public static bool Delivered(string state) => state is Succeeded or PartiallyFailed;

    /// <summary>Only Kombo can fix it; the last good data stays.</summary>
    public static bool KomboFailure(string state) => state is Cancelled or Failed or TimedOut;

    /// <summary>Only the customer can fix it, by reconnecting or granting permissions.</summary>
    public static bool CustomerFailure(string state) => state is AuthenticationFailed;
}
