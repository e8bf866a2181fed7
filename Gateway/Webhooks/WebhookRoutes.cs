using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// The one table of the webhooks a grain handles: for each payload record (KomboEventTypes.Shapes says which record a
/// type is read as), the integration it concerns and the grain call that delivers it. Whether an event is routed, where
/// it goes, which integration its inbox row names and whether it is answered before its grain runs all come from here;
/// every other type is recorded and answered 200.
/// </summary>
public static class WebhookRoutes
{
    /// <param name="AnsweredOnReceipt">
    /// The answer needs no decision (always 200), so it is given once the row is committed and the grain gets the event
    /// afterwards (InboxDispatcher, in order per integration). Orders are not: their answer carries the grain's decision.
    /// </param>
    private sealed record Route(
        Func<object, string> IntegrationOf, Func<IGrainFactory, KomboEvent, Task<WebhookAnswer>> Deliver, bool AnsweredOnReceipt);

    private static readonly Dictionary<Type, Route> ByDataType = new()
    {
        [typeof(SyncFinished)] = ToIntegration<SyncFinished>(e => e.IntegrationId, (grain, e) => grain.OnSyncFinished(e)),
        [typeof(DataChanged)] = ToIntegration<DataChanged>(e => e.IntegrationId, (grain, e) => grain.OnDataChanged(e)),
        [typeof(IntegrationCreated)] = ToIntegration<IntegrationCreated>(e => e.Id, (grain, e) => grain.OnCreated(e)),
        [typeof(IntegrationStateChanged)] = ToIntegration<IntegrationStateChanged>(e => e.IntegrationId, (grain, e) => grain.OnStateChanged(e)),
        [typeof(IntegrationDeleted)] = ToIntegration<IntegrationDeleted>(e => e.Id, (grain, e) => grain.OnDeleted(e)),
        // Both order webhooks carry this record; the type says whether the order is inline.
        [typeof(AssessmentOrderReceived)] = new(data => ((AssessmentOrderReceived)data).IntegrationId, ToOrderAsync, AnsweredOnReceipt: false),
    };

    /// <summary>Whether a grain handles this event.</summary>
    public static bool IsRouted(KomboEvent e) => e.Data is { } data && ByDataType.ContainsKey(data.GetType());

    /// <summary>
    /// Whether the event is answered 200 as soon as it is durably in the inbox and handed to its grain afterwards
    /// (every integration event), rather than answered with what its grain decides (orders).
    /// </summary>
    public static bool IsAnsweredOnReceipt(KomboEvent e) =>
        e.Data is { } data && ByDataType.TryGetValue(data.GetType(), out var route) && route.AnsweredOnReceipt && e.IntegrationId is not null;

    /// <summary>The integration a typed payload concerns; null for a payload no grain handles.</summary>
    public static string? IntegrationOf(object data) => ByDataType.TryGetValue(data.GetType(), out var route) ? route.IntegrationOf(data) : null;

    /// <summary>Hands the event to its grain; the answer is Kombo's (an order's decision, or 200).</summary>
    public static Task<WebhookAnswer> DeliverAsync(IGrainFactory grains, KomboEvent e) =>
        e.Data is { } data && ByDataType.TryGetValue(data.GetType(), out var route)
            ? route.Deliver(grains, e)
            : Task.FromException<WebhookAnswer>(new InvalidOperationException($"No grain handles {e.Type}."));

    private static Route ToIntegration<T>(Func<T, string> integrationOf, Func<IIntegrationGrain, T, Task> deliver) => new(
        data => integrationOf((T)data),
        async (grains, e) =>
        {
            var data = (T)e.Data!;
            await deliver(grains.GetGrain<IIntegrationGrain>(integrationOf(data)), data);
            return WebhookAnswer.Ok;
        },
        AnsweredOnReceipt: true);

    private static async Task<WebhookAnswer> ToOrderAsync(IGrainFactory grains, KomboEvent e)
    {
        var order = (AssessmentOrderReceived)e.Data!;
        var inline = e.Type == KomboEventTypes.InlineAssessmentOrderReceived;
        var decision = await grains.GetGrain<IOrderGrain>(order.Id).Receive(order, inline);
        return decision switch
        {
            { Accepted: false } => WebhookAnswer.Error(StatusCodes.Status422UnprocessableEntity, decision.RejectionMessage!),
            // Kombo's inline guide: the ATS redirects the candidate to this link (../shared/kombo/README.md §4).
            _ when inline => WebhookAnswer.OkWith(new InlineOrderAnswer(decision.AssessmentUrl!)),
            _ => WebhookAnswer.Ok,
        };
    }
}
