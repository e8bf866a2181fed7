using OrleansKombo.Grains.Kombo;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// How a pull waits after an attempt that got no data, by what Kombo's answer means (<see cref="KomboErrors"/>): the
/// status it leaves in <c>last_pull</c> and the backoff before the next attempt. The kinds that are not setbacks of the
/// whole pull (a model Kombo refuses, the integration gone or inactive) are handled by the pull and never get here.
/// </summary>
/// <param name="AtLeast">Kombo's <c>Retry-After</c>, when it sent one: the wait is never shorter.</param>
public sealed record PullSetback(string Status, KomboErrorKind? Kind, TimeSpan First, TimeSpan Cap, TimeSpan? AtLeast = null)
{
    /// <summary>Waiting for Kombo's first sync (or setup, or QA) is not a failure: ask again soon, then every 10 minutes.</summary>
    private static readonly (TimeSpan First, TimeSpan Cap) Probing = (TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10));

    /// <summary>Credentials are fixed by people, not by retrying: slowly, at most hourly.</summary>
    private static readonly (TimeSpan First, TimeSpan Cap) Credentials = (TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private static readonly (TimeSpan First, TimeSpan Cap) Failing = (TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15));

    public static PullSetback For(Exception error) => error switch
    {
        KomboApiException { Kind: KomboErrorKind.NotReady or KomboErrorKind.SetupIncomplete or KomboErrorKind.QaFailed } kombo =>
            new(PullStatus.NotReady, kombo.Kind, Probing.First, Probing.Cap),
        KomboApiException { Kind: KomboErrorKind.CustomerCredentials or KomboErrorKind.OurCredentials } kombo =>
            new(PullStatus.Failed, kombo.Kind, Credentials.First, Credentials.Cap),
        KomboApiException { Kind: KomboErrorKind.Throttled } kombo =>
            new(PullStatus.Failed, kombo.Kind, Failing.First, Failing.Cap, kombo.RetryAfter),
        KomboApiException kombo => new(PullStatus.Failed, kombo.Kind, Failing.First, Failing.Cap),
        _ => new(PullStatus.Failed, null, Failing.First, Failing.Cap),
    };

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: jittered backoff, never below Retry-After.</summary>
    public TimeSpan Wait(int attempt)
    {
        var wait = Backoff.Jittered(attempt, First, Cap);
        return AtLeast is { } atLeast && atLeast > wait ? atLeast : wait;
    }
}
