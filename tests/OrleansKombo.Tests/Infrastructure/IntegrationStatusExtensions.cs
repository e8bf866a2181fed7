using OrleansKombo.Integrations;

namespace OrleansKombo.Tests.Infrastructure;

public static class IntegrationStatusExtensions
{
    /// <summary>A pull request is consumed as soon as the pull starts, so either is proof it was asked for.</summary>
    public static bool PullRequestedOrStarted(this IntegrationStatus status) =>
        status.PullRequestedAt is not null || status.PullInProgress is not null || status.LastPull is not null;
}
