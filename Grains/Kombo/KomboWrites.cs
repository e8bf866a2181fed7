namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// How a write treats each kind of Kombo error (<see cref="KomboErrors"/> decides the kind from <c>error.code</c>). The
/// README's "Assessment orders" section shows this table, and a test keeps the two the same.
/// </summary>
public static class KomboWrites
{
    /// <summary>No answer at all (a timeout, a refused connection, the client's circuit open) is tried again.</summary>
    public static WriteFailure Classify(Exception error) => error is KomboApiException kombo ? Classify(kombo.Kind) : WriteFailure.Retry;

    public static WriteFailure Classify(KomboErrorKind kind) => kind switch
    {
        KomboErrorKind.Throttled or KomboErrorKind.Transient => WriteFailure.Retry,
        KomboErrorKind.NotReady or KomboErrorKind.SetupIncomplete or KomboErrorKind.QaFailed or KomboErrorKind.IntegrationInactive
            or KomboErrorKind.IntegrationGone or KomboErrorKind.CustomerCredentials or KomboErrorKind.OurCredentials => WriteFailure.Wait,
        // What Kombo or the ATS refused, and a write the credentials may not make or the ATS does not offer.
        KomboErrorKind.Rejected or KomboErrorKind.ModelUnavailable => WriteFailure.Refused,
        // A kind added later: trying again never loses the write; the table above is where it gets its own row.
        _ => WriteFailure.Retry,
    };

    /// <summary>How long the writes of an integration that cannot take them are held before one is tried again.</summary>
    public static TimeSpan HoldFor(KomboErrorKind kind) => kind switch
    {
        // Kombo's first sync finishing is a matter of minutes and sends no webhook we could wait for.
        KomboErrorKind.NotReady => TimeSpan.FromMinutes(1),
        // The rest end with integration-state-changed ACTIVE, which lifts the hold at once; the probe covers a lost webhook.
        _ => TimeSpan.FromHours(1),
    };
}
