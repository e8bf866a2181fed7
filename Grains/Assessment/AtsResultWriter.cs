using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Orders;
using Polly.CircuitBreaker;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// Writes the result of an order started by a trigger rule into its application (issue 12 §3): the result link (label,
/// URL, score and sub-scores under the rule's prefix), then, as the rule says, a note, a stage move and a tag. Every
/// call passes the integration's <see cref="KomboWriteGate"/>, shared with the assessment writes, and a failure is
/// classified by <see cref="KomboWrites"/> as theirs are; the <see cref="WriteBackQueue"/> retries and reports. An action
/// the integration lacks becomes a note (<see cref="AtsWriteFallback"/>). Each write is recorded before it is sent
/// (<see cref="AtsWriteAttempts"/>), so a crash between Kombo's answer and our record never posts a second link or note.
/// Runs on the assessment grain's scheduler, so the fields need no locks.
/// </summary>
public sealed class AtsResultWriter(
    string integrationId,
    IKomboApi kombo,
    KomboWriteGate gate,
    AtsWriteAttempts attempts,
    AtsResultPlans plans,
    Func<string, string?> packageName,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>How long the integration's <c>write_actions</c> are trusted before they are read again.</summary>
    private static readonly TimeSpan WriteActionsFor = TimeSpan.FromMinutes(5);

    /// <summary>The most attributes a result link carries (the ATS shows them as custom fields; Kombo advises few).</summary>
    private const int MaxAttributes = 50;

    /// <summary>Kombo's <c>write_actions</c>: id to <c>is_available</c>; null when they could not be read (everything counts as taken).</summary>
    private IReadOnlyDictionary<string, bool>? _writeActions;
    private DateTimeOffset _writeActionsRead = DateTimeOffset.MinValue;

    /// <summary>Actions Kombo answered INTEGRATION.ACTION_NOT_AVAILABLE (or ACTION_DISABLED) for, until write_actions are read again.</summary>
    private readonly HashSet<AtsAction> _refused = [];

    private enum StepOutcome
    {
        Written,
        NotAvailable,
    }

    /// <summary>Writes the result once, as attempt <paramref name="attempt"/>; the same answer as a Kombo assessment write-back.</summary>
    /// <returns>The report and, when it is retried after a pause, how long; null when writes became held first.</returns>
    public async Task<(WriteBackReport Report, TimeSpan? RetryIn)?> WriteAsync(WriteBackRequest request, int attempt, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        WriteBackReport Report(WriteStatus status, string? error) => new(request.Revision, status, attempt, error, warnings);
        var plan = await plans.LoadAsync(integrationId, request.OrderId, cancellationToken);
        if (plan is null || request.ApplicationId is null)
        {
            return (Report(WriteStatus.Failed, $"Order '{request.OrderId}' was not started by a trigger rule of this integration; there is no application to write to."), null);
        }
        await ReadWriteActionsAsync(cancellationToken);
        var resultKey = ResultKey(request.Result);
        foreach (var wanted in Steps(plan, request.Result))
        {
            while (true)
            {
                var choice = AtsWriteFallback.Choose(wanted, a => Available(a, plan), WhyNot(wanted, plan));
                if (choice.Failure is { } failure)
                {
                    return (Report(WriteStatus.Failed, failure), null);
                }
                var action = choice.Action!.Value;
                var step = choice.Fallback ? $"NOTE_FOR_{KomboJson.Name(wanted)}" : KomboJson.Name(action);
                var outcome = await WriteStepAsync(request, plan, wanted, action, step, resultKey, attempt, warnings, cancellationToken);
                if (outcome is not { } written)
                {
                    return null;
                }
                if (written.Stop is { } stop)
                {
                    return stop;
                }
                if (written.Step == StepOutcome.NotAvailable)
                {
                    _refused.Add(action);
                    continue;
                }
                if (choice.Fallback)
                {
                    warnings.Add($"{AtsActions.Id(wanted)}: {WhyNot(wanted, plan)}; a note says what it would have written.");
                }
                break;
            }
        }
        return (Report(WriteStatus.Done, null), null);
    }

    /// <summary>What the rule writes for this result: the link and note always, the stage move and tag for a COMPLETED one.</summary>
    private static IEnumerable<AtsAction> Steps(AtsResultPlan plan, OrderResult result)
    {
        if (plan.OnResult.ResultLink)
        {
            yield return AtsAction.ResultLink;
        }
        if (plan.OnResult.Note)
        {
            yield return AtsAction.Note;
        }
        if (result.Status != ResultStatus.Completed)
        {
            yield break;
        }
        if (plan.OnResult.MoveToStageId is not null)
        {
            yield return AtsAction.StageMove;
        }
        if (plan.OnResult.TagName is not null)
        {
            yield return AtsAction.Tag;
        }
    }

    private bool Available(AtsAction action, AtsResultPlan plan) =>
        !_refused.Contains(action)
        && (action != AtsAction.StageMove || StageAllowed(plan))
        && (action != AtsAction.Tag || plan.CandidateId is not null)
        && (_writeActions is null || _writeActions.TryGetValue(AtsActions.Id(action), out var available) && available);

    /// <summary>A stage move goes to a stage of the application's job; a job not synced (yet) is left to Kombo to judge.</summary>
    private static bool StageAllowed(AtsResultPlan plan) =>
        plan.JobStages is null || plan.JobStages.Any(s => s.Id == plan.OnResult.MoveToStageId);

    private string WhyNot(AtsAction action, AtsResultPlan plan) =>
        _refused.Contains(action) ? $"Kombo answered {KomboErrorCodes.ActionNotAvailable} (or {KomboErrorCodes.ActionDisabled}) for {AtsActions.Id(action)}"
        : action == AtsAction.StageMove && !StageAllowed(plan) ? $"stage '{plan.OnResult.MoveToStageId}' is not a stage of the application's job"
        : action == AtsAction.Tag && plan.CandidateId is null ? "the application's candidate is not known"
        : $"{AtsActions.Id(action)} is not available in the integration's write_actions";

    /// <returns>How the step went, or the answer that ends this attempt (a failure, a retry, a hold: Stop, null when writes became held).</returns>
    private async Task<(StepOutcome Step, (WriteBackReport, TimeSpan?)? Stop)?> WriteStepAsync(WriteBackRequest request, AtsResultPlan plan,
        AtsAction wanted, AtsAction action, string step, string resultKey, int attempt, List<string> warnings, CancellationToken cancellationToken)
    {
        var (orderId, revision) = (request.OrderId, request.Revision);
        WriteBackReport Report(WriteStatus status, string? error) => new(revision, status, attempt, error, warnings);
        switch (await attempts.BeginAsync(integrationId, orderId, revision, step, resultKey, cancellationToken))
        {
            case AtsAttempt.Done:
                return (StepOutcome.Written, null);
            case AtsAttempt.InDoubt when !AtsActions.Repeatable(action):
                return (StepOutcome.Written, (Report(WriteStatus.Failed, InDoubt(orderId, action)), null));
        }
        try
        {
            var response = await gate.WriteAsync(Call(request, plan, wanted, action, cancellationToken), cancellationToken);
            if (response is null)
            {
                await attempts.ForgetAsync(integrationId, orderId, revision, step, CancellationToken.None);
                return null;
            }
            // Recorded whatever happens to this call's token: Kombo holds the write now.
            await attempts.DoneAsync(integrationId, orderId, revision, step, CancellationToken.None);
            warnings.AddRange(KomboWriteGate.Warnings(response));
            return (StepOutcome.Written, null);
        }
        catch (KomboApiException error) when (!cancellationToken.IsCancellationRequested)
        {
            // Kombo answered: nothing was written, so the step may be tried again.
            await attempts.ForgetAsync(integrationId, orderId, revision, step, CancellationToken.None);
            if (error.Code is KomboErrorCodes.ActionNotAvailable or KomboErrorCodes.ActionDisabled)
            {
                logger.LogWarning("Order {OrderId} of integration {IntegrationId}: Kombo has no {Action} for this integration ({Code})",
                    orderId, integrationId, AtsActions.Id(action), error.Code);
                return (StepOutcome.NotAvailable, null);
            }
            return (StepOutcome.Written, KomboWrites.Classify(error) switch
            {
                WriteFailure.Refused => (Report(WriteStatus.Failed, $"{AtsActions.Describe(action)} was refused: {error.KomboMessage}"), null),
                WriteFailure.Wait => (Report(WriteStatus.Pending, gate.Wait(error)), null),
                _ => Retry(error),
            });
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            if (AtsActions.Repeatable(action) || NeverSent(error))
            {
                await attempts.ForgetAsync(integrationId, orderId, revision, step, CancellationToken.None);
                return (StepOutcome.Written, Retry(error));
            }
            // Sent, and no answer: Kombo may hold it. A second link or note is worse than asking an operator to look.
            logger.LogWarning("Order {OrderId} of integration {IntegrationId}: no answer to {Action} ({Error}); it is in doubt",
                orderId, integrationId, AtsActions.Id(action), error.Message);
            return (StepOutcome.Written, (Report(WriteStatus.Failed, InDoubt(orderId, action)), null));
        }

        (WriteBackReport, TimeSpan?) Retry(Exception error)
        {
            var report = Report(WriteStatus.Pending, KomboErrors.Describe(error));
            logger.LogWarning("Order {OrderId} of integration {IntegrationId}: {Action} failed (attempt {Attempt}), retrying: {Error}",
                orderId, integrationId, AtsActions.Id(action), attempt, report.LastError);
            return (report, gate.RetryWait(attempt, error));
        }
    }

    /// <summary>The request never left this process: a connection that could not be made, or the client's circuit open.</summary>
    private static bool NeverSent(Exception error) =>
        error is BrokenCircuitException or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };

    private static string InDoubt(string orderId, AtsAction action) =>
        $"{char.ToUpperInvariant(AtsActions.Describe(action)[0])}{AtsActions.Describe(action)[1..]} was sent to Kombo but no answer was recorded "
        + "(the silo stopped, or the answer was lost), so it may or may not be in the ATS. Check the application; "
        + $"POST /api/orders/{orderId}/write-back/retry writes the result again if it is missing.";

    private Func<Task<KomboResponse<object>>> Call(WriteBackRequest request, AtsResultPlan plan, AtsAction wanted, AtsAction action,
        CancellationToken cancellationToken)
    {
        var applicationId = request.ApplicationId!;
        return action switch
        {
            AtsAction.ResultLink => () => kombo.PostApplicationActionAsync(applicationId, "result-links", LinkBody(request, plan), integrationId, cancellationToken),
            AtsAction.StageMove => () => kombo.MoveApplicationToStageAsync(applicationId, new AtsStageBody(plan.OnResult.MoveToStageId!), integrationId,
                cancellationToken),
            AtsAction.Tag => () => kombo.AddCandidateTagAsync(plan.CandidateId!, new AtsTagBody(new AtsTagName(plan.OnResult.TagName!)), integrationId,
                cancellationToken),
            _ => () => kombo.PostApplicationActionAsync(applicationId, "notes", new AtsNoteBody(NoteText(request, plan, wanted)), integrationId,
                cancellationToken),
        };
    }

    private string Label(AtsResultPlan plan) => $"{packageName(plan.PackageId) ?? plan.PackageId} result";

    private AtsResultLinkBody LinkBody(WriteBackRequest request, AtsResultPlan plan) => LinkBody(Label(plan), request.Result, plan.OnResult.Prefix);

    /// <summary>The result link of a result: <c>details</c> only when there is an attribute (Kombo requires both its fields).</summary>
    public static AtsResultLinkBody LinkBody(string label, OrderResult result, string prefix)
    {
        var attributes = Attributes(result);
        return new AtsResultLinkBody(label, result.ResultUrl, attributes.Count == 0 ? null : new AtsResultLinkDetails(prefix, attributes));
    }

    /// <summary>The score and each sub-score (Role Fit and the like) or text attribute, as Kombo's key/value strings.</summary>
    public static IReadOnlyList<AtsResultLinkAttribute> Attributes(OrderResult result)
    {
        var attributes = new List<AtsResultLinkAttribute>();
        if (result.Score is { } score)
        {
            attributes.Add(new AtsResultLinkAttribute("Score", Number(score, result.MaxScore)));
        }
        foreach (var attribute in result.Attributes ?? [])
        {
            var value = attribute.Type == ResultAttributeType.SubResult && attribute.Score is { } sub ? Number(sub.Value, sub.Max) : attribute.Value;
            if (value is not null)
            {
                attributes.Add(new AtsResultLinkAttribute(attribute.Label, value));
            }
        }
        return attributes.Take(MaxAttributes).ToList();
    }

    private static string Number(double value, double? max) => max is { } m
        ? $"{value.ToString("0.##", CultureInfo.InvariantCulture)}/{m.ToString("0.##", CultureInfo.InvariantCulture)}"
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The note: the result in words, and for a fallback what the action would have done and why it could not.</summary>
    private string NoteText(WriteBackRequest request, AtsResultPlan plan, AtsAction wanted)
    {
        var text = new StringBuilder();
        text.Append(Label(plan)).Append(" (").Append(KomboJson.Name(request.Result.Status)).Append("): ")
            .Append(request.Result.ResultUrl);
        foreach (var attribute in Attributes(request.Result))
        {
            text.Append('\n').Append(plan.OnResult.Prefix).Append(' ').Append(attribute.Key).Append(": ").Append(attribute.Value);
        }
        switch (wanted)
        {
            case AtsAction.StageMove:
                var stage = plan.JobStages?.FirstOrDefault(s => s.Id == plan.OnResult.MoveToStageId)?.Name ?? plan.OnResult.MoveToStageId;
                text.Append("\nThe assessment rule moves the application to the stage '").Append(stage)
                    .Append("', which could not be done through the ATS integration (").Append(WhyNot(wanted, plan)).Append("): please move it by hand.");
                break;
            case AtsAction.Tag:
                text.Append("\nThe assessment rule tags the candidate '").Append(plan.OnResult.TagName)
                    .Append("', which could not be done through the ATS integration (").Append(WhyNot(wanted, plan)).Append("): please tag them by hand.");
                break;
        }
        return text.ToString();
    }

    /// <summary>The same result gets the same key, so a retry of it skips the writes Kombo took already.</summary>
    private static string ResultKey(OrderResult result) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(result, KomboJson.Options)))[..32];

    private async Task ReadWriteActionsAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _writeActionsRead < WriteActionsFor)
        {
            return;
        }
        _writeActionsRead = clock.GetUtcNow();
        _refused.Clear();
        try
        {
            var details = (await kombo.GetIntegrationAsync(integrationId, integrationId, cancellationToken)).Data;
            _writeActions = details.ValueKind == JsonValueKind.Object && details.TryGetProperty("write_actions", out var actions)
                                                                   && actions.ValueKind == JsonValueKind.Array
                ? actions.EnumerateArray()
                    .Where(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    .GroupBy(a => a.GetProperty("id").GetString()!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().TryGetProperty("is_available", out var available) && available.ValueKind == JsonValueKind.True,
                        StringComparer.Ordinal)
                : null;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // Not knowing is not a refusal: each write is tried, and Kombo's ACTION_NOT_AVAILABLE still decides.
            _writeActions = null;
            logger.LogWarning("Integration {IntegrationId}: could not read its write_actions ({Error}); writes are tried as they come",
                integrationId, KomboErrors.Describe(error));
        }
    }
}
