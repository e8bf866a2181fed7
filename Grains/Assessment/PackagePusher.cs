using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// Stores an integration's package set and pushes it to Kombo (<c>PUT /assessment/packages</c>) until Kombo acknowledges
/// it. The push runs in the background; what it owes is the stored push (PENDING), so a tick resumes it. How a failed
/// write is treated is decided by <see cref="KomboWrites"/> from Kombo's error code.
/// </summary>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class PackagePusher(
    string integrationId,
    AssessmentStateKeeper state,
    IKomboApi kombo,
    KomboWriteGate gate,
    TimeProvider clock,
    ILogger logger,
    CancellationToken stopping)
{
    private Task? _push;

    /// <summary>The push under way, which deactivation waits for; null or completed when none is.</summary>
    public Task? Running => _push;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Replaces the set (Kombo's semantics: ids not in it are withdrawn) and marks it PENDING; <see cref="Kick"/> pushes it.</summary>
    public async Task StoreAsync(IReadOnlyList<AssessmentPackage> packages)
    {
        if (PackageRules.Problems(packages) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(packages));
        }
        var ids = packages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        await state.SaveAsync(s =>
        {
            s.Withdrawn = s.Withdrawn.Concat(s.Packages.Select(p => p.Id)).Where(id => !ids.Contains(id)).Distinct().Order(StringComparer.Ordinal).ToList();
            s.Packages = packages.ToList();
            s.Revision++;
            s.UpdatedAt = Now;
            s.Push = new PackagePush(WriteStatus.Pending, 0, null, [], Now, null);
        });
        logger.LogInformation("Integration {IntegrationId}: package set {Revision} stored ({Count} packages, {Withdrawn} withdrawn); pushing it to Kombo",
            integrationId, state.State.Revision, packages.Count, state.State.Withdrawn.Count);
    }

    /// <summary>Marks the current set PENDING again (Kombo may have lost it while the integration was down).</summary>
    public async Task PushAgainAsync()
    {
        if (state.State.Push is { } push && push.Status != WriteStatus.Pending)
        {
            await state.SaveAsync(s => s.Push = s.Push! with { Status = WriteStatus.Pending, RequestedAt = Now, LastError = null });
            logger.LogInformation("Integration {IntegrationId}: pushing package set {Revision} to Kombo again", integrationId, state.State.Revision);
        }
    }

    /// <summary>Starts the push in the background if one is owed and none runs (nor are writes held for long).</summary>
    public void Kick()
    {
        if (_push is { IsCompleted: false } || state.State.Push is not { Status: WriteStatus.Pending } || gate.HeldLong)
        {
            return;
        }
        _push = PushAsync(stopping);
    }

    private async Task PushAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (state.State.Push is { Status: WriteStatus.Pending } push)
            {
                if (gate.HeldFor() is { } held)
                {
                    if (held > KomboWriteGate.LongestWait)
                    {
                        return;
                    }
                    await gate.PauseAsync(held, cancellationToken);
                    continue;
                }
                if (await PushOnceAsync(push.Attempts + 1, cancellationToken) is { } wait)
                {
                    await gate.PauseAsync(wait, cancellationToken);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; the package push resumes on the next tick", integrationId);
        }
        catch (Exception error)
        {
            // Typically PostgreSQL away while recording the outcome: the stored push is still PENDING, the tick resumes it.
            logger.LogWarning("Integration {IntegrationId}: package push stopped ({Error}); it resumes on the next tick", integrationId, error.Message);
        }
    }

    /// <summary>Sends the current set once and stores the outcome.</summary>
    /// <returns>How long to wait before the next attempt, when the push is to be retried after a pause.</returns>
    private async Task<TimeSpan?> PushOnceAsync(int attempts, CancellationToken cancellationToken)
    {
        var revision = state.State.Revision;
        try
        {
            if (await gate.WriteAsync(() => kombo.SetPackagesAsync(new KomboPackagesBody(state.State.Packages.ToList()), integrationId, cancellationToken),
                    cancellationToken) is not { } response)
            {
                // Writes became held while this one waited for a slot: the loop waits the hold out.
                return null;
            }
            var warnings = KomboWriteGate.Warnings(response);
            // A newer set stored meanwhile keeps its own PENDING push, and the loop sends it next.
            await SaveOutcomeAsync(revision, push => push with
            {
                Status = WriteStatus.Done, Attempts = attempts, LastError = null, Warnings = warnings, PushedAt = Now,
            });
            logger.LogInformation("Integration {IntegrationId}: Kombo acknowledged package set {Revision} (attempt {Attempt}, {Warnings} warnings)",
                integrationId, revision, attempts, warnings.Count);
            return null;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = KomboWrites.Classify(error);
            var lastError = failure switch
            {
                WriteFailure.Refused => error.Message,
                WriteFailure.Wait => gate.Wait((KomboApiException)error),
                _ => KomboErrors.Describe(error),
            };
            await SaveOutcomeAsync(revision, push => push with
            {
                Status = failure == WriteFailure.Refused ? WriteStatus.Failed : WriteStatus.Pending, Attempts = attempts, LastError = lastError,
            });
            if (failure == WriteFailure.Refused)
            {
                logger.LogError("Integration {IntegrationId}: Kombo refused package set {Revision}: {Error}", integrationId, revision, lastError);
            }
            else if (failure == WriteFailure.Retry)
            {
                logger.LogWarning("Integration {IntegrationId}: package push failed (attempt {Attempt}), retrying: {Error}", integrationId, attempts, lastError);
                return gate.RetryWait(attempts, error);
            }
            return null;
        }
    }

    /// <summary>Records an outcome on the push of <paramref name="revision"/> only: a newer set stored meanwhile has a push of its own.</summary>
    private Task SaveOutcomeAsync(int revision, Func<PackagePush, PackagePush> outcome) => state.SaveAsync(s =>
    {
        if (s.Revision == revision)
        {
            s.Push = outcome(s.Push!);
        }
    });
}
