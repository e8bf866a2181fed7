using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Control;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary>The control API under <c>/sandbox</c>; every route calls the same C# surface tests use in-process.</summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControl(this RouteGroupBuilder control)
    {
        control.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (ControlException e)
            {
                return Results.Json(new { error = e.Message }, statusCode: e.Status);
            }
            catch (ArgumentException e)
            {
                return Results.Json(new { error = e.Message }, statusCode: 400);
            }
        });

        control.MapGet("/", (SandboxState state, HttpContext context) => new
        {
            base_url = $"{context.Request.Scheme}://{context.Request.Host}/v1",
            webhook_url = state.Webhooks.Url,
            integrations = state.Integrations.Select(IntegrationView.From),
        });
        MapIntegrations(control.MapGroup("/integrations"));
        MapIntegration(control.MapGroup("/integrations/{id}"));

        control.MapGet("/webhooks", (SandboxState state, string? type, string? integration_id) => new
        {
            events = state.Webhooks.Events.Where(e => Matches(e.Type, e.IntegrationId, type, integration_id))
                .Select(e => new { e.Id, e.Type, e.IntegrationId, e.CreatedAt, body = e.BodyText }),
            deliveries = state.Webhooks.Deliveries.Where(d => Matches(d.Type, d.IntegrationId, type, integration_id)),
            outcomes = state.Webhooks.Outcomes.Where(o => Matches(o.Type, null, type, null)),
            pending = state.Webhooks.Pending,
        });
        control.MapDelete("/webhooks", (SandboxState state) =>
        {
            state.Webhooks.Clear();
            return Results.NoContent();
        });
        control.MapPut("/webhooks/target", (SandboxState state, WebhookTargetRequest request) =>
        {
            state.Webhooks.Url = request.Url;
            state.Webhooks.Secret = request.Secret ?? state.Webhooks.Secret;
            return new { url = state.Webhooks.Url };
        });

        control.MapGet("/requests", (SandboxState state, string? integration_id, string? path, string? method, long? after) =>
            state.Requests.Query(new RequestQuery { IntegrationId = integration_id, PathPrefix = path, Method = method, After = after ?? 0 }));
        control.MapDelete("/requests", (SandboxState state) =>
        {
            state.Requests.Clear();
            return Results.NoContent();
        });
        return control;
    }

    private static bool Matches(string type, string? integrationId, string? wantedType, string? wantedIntegration) =>
        (wantedType is null || type == wantedType) && (wantedIntegration is null || integrationId == wantedIntegration);

    private static void MapIntegrations(RouteGroupBuilder integrations)
    {
        integrations.MapPost("/", (SandboxState state, IntegrationSpec? spec) =>
        {
            var integration = state.Create(spec ?? new IntegrationSpec());
            return Results.Json(IntegrationView.From(integration), statusCode: 201);
        });
        integrations.MapGet("/", (SandboxState state) => state.Integrations.Select(IntegrationView.From));
    }

    private static void MapIntegration(RouteGroupBuilder one)
    {
        one.MapGet("/", (SandboxState state, string id) => IntegrationView.From(state.Get(id)));
        one.MapDelete("/", (SandboxState state, string id) =>
        {
            _ = state.Delete(id);
            return Results.NoContent();
        });
        one.MapPut("/state", (SandboxState state, string id, StateRequest request) =>
        {
            var integration = state.Get(id);
            if (request.SetupPendingStatus is { } status)
            {
                integration.SetupPendingStatus = status is 409 or 503 ? status : throw ControlException.Invalid("setup_pending_status must be 409 or 503");
            }
            if (request.State is not null || request.QaStatus is not null || request.SetupStatus is not null)
            {
                _ = integration.SetStateAsync(request.State, request.QaStatus, request.SetupStatus);
            }
            return IntegrationView.From(integration);
        });
        one.MapPost("/sync", (SandboxState state, string id, SyncRequest? request) =>
            SyncView.From(state.Get(id).FinishSync(request?.SyncState ?? "SUCCEEDED")));

        one.MapGet("/records/{model}", (SandboxState state, string id, string model) => state.Get(id).Records(Model(model)));
        one.MapGet("/records/{model}/{recordId}", (SandboxState state, string id, string model, string recordId) =>
            state.Get(id).RecordJson(Model(model), recordId) is { } json
                ? Results.Text(json, "application/json; charset=utf-8")
                : throw ControlException.NotFound($"{model} record '{recordId}'"));

        MapChanges(one.MapGroup("/changes"));

        one.MapGet("/faults", (SandboxState state, string id) =>
        {
            var faults = state.Get(id).Faults;
            return new
            {
                read_delay_ms = faults.ReadDelay.TotalMilliseconds,
                write_delay_ms = faults.WriteDelay.TotalMilliseconds,
                rules = faults.Rules.Select(r => new { rule = r.Rule, remaining = r.Remaining }),
            };
        });
        one.MapPost("/faults", (SandboxState state, string id, FaultRule rule) =>
        {
            state.Get(id).Faults.Add(rule);
            return Results.NoContent();
        });
        one.MapDelete("/faults", (SandboxState state, string id) =>
        {
            state.Get(id).Faults.Clear();
            return Results.NoContent();
        });
        one.MapDelete("/faults/standing", (SandboxState state, string id, string? model) =>
            new { removed = state.Get(id).Faults.Lift(model) });
        one.MapPut("/faults/delays", (SandboxState state, string id, DelaysRequest request) =>
        {
            var faults = state.Get(id).Faults;
            faults.ReadDelay = request.ReadDelayMs is { } read ? TimeSpan.FromMilliseconds(read) : faults.ReadDelay;
            faults.WriteDelay = request.WriteDelayMs is { } write ? TimeSpan.FromMilliseconds(write) : faults.WriteDelay;
            return Results.NoContent();
        });

        one.MapPost("/orders", async (SandboxState state, string id, OrderSpec spec) =>
            Results.Json(OrderView.From(await state.Get(id).CreateOrderAsync(spec)), statusCode: 201));
        one.MapGet("/orders", (SandboxState state, string id) => state.Get(id).Assessment.Orders.Select(OrderView.From));
        one.MapGet("/orders/{orderId}", (SandboxState state, string id, string orderId) =>
            OrderView.From(state.Get(id).Assessment.FindOrder(orderId) ?? throw ControlException.NotFound($"order '{orderId}'")));
        one.MapPost("/orders/{orderId}/status", (SandboxState state, string id, string orderId, OrderStatusRequest request) =>
            OrderView.From(state.Get(id).Assessment.ChangeInAts(orderId, request.Status ?? throw ControlException.Invalid("status is required"))
                ?? throw ControlException.NotFound($"order '{orderId}'")));
        one.MapGet("/writes", (SandboxState state, string id, string? kind) =>
            state.Get(id).Assessment.Writes.Where(w => kind is null || w.Kind == kind));
        one.MapGet("/packages", (SandboxState state, string id) => state.Get(id).Assessment.Packages);
        // Makes a write action unavailable (or available again): write_actions shows it, and its endpoint answers
        // INTEGRATION.ACTION_NOT_AVAILABLE.
        one.MapPut("/write-actions/{actionId}", (SandboxState state, string id, string actionId, WriteActionRequest request) =>
        {
            if (!WriteActions.Known(actionId))
            {
                throw ControlException.NotFound($"write action '{actionId}'");
            }
            state.Get(id).SetWriteActionAvailable(actionId, request.IsAvailable);
            return Results.NoContent();
        });
        one.MapPut("/write-warnings", (SandboxState state, string id, WarningsRequest request) =>
        {
            state.Get(id).Assessment.WriteWarnings = request.Warnings ?? [];
            return Results.NoContent();
        });
    }

    private static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/update", (SandboxState state, string id, ChangeRequest r) => Ids(state.Get(id).UpdateRecords(Model(r.Model), r.Count, r.Ids)));
        changes.MapPost("/create", (SandboxState state, string id, ChangeRequest r) => Ids(state.Get(id).CreateRecords(Model(r.Model), r.Count)));
        changes.MapPost("/delete", (SandboxState state, string id, ChangeRequest r) => Ids(state.Get(id).DeleteRecords(Model(r.Model), r.Count, r.Ids)));
        changes.MapPost("/job-status", (SandboxState state, string id, ChangeRequest r) =>
            Ids(state.Get(id).SetJobStatus(r.Status ?? throw ControlException.Invalid("status is required"), r.Count, r.Ids)));
        changes.MapPost("/move-applications", (SandboxState state, string id, ChangeRequest r) => Ids(state.Get(id).MoveApplications(r.Count, r.Ids, r.StageId)));
        changes.MapPost("/job-stages", (SandboxState state, string id, ChangeRequest r) =>
        {
            var action = Enum.TryParse<StageAction>(r.Action, ignoreCase: true, out var parsed) ? parsed : throw ControlException.Invalid("action must be add, remove or rename");
            return Ids([state.Get(id).ChangeJobStages(r.JobId ?? throw ControlException.Invalid("job_id is required"), action)]);
        });
        changes.MapPost("/tag-candidates", (SandboxState state, string id, ChangeRequest r) => Ids(state.Get(id).TagCandidates(r.Count, r.Ids, r.TagId, r.Remove)));
        changes.MapPost("/purge", (SandboxState state, string id, ChangeRequest r) => Ids(state.Get(id).PurgeRecords(Model(r.Model), r.Count, r.Ids)));
        changes.MapPost("/anonymise", (SandboxState state, string id, ChangeRequest? r) =>
            Ids(state.Get(id).Anonymise(r?.OlderThanSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : state.Options.AnonymiseAfter)));
    }

    private static object Ids(IReadOnlyList<string> ids) => new { ids };

    private static SandboxModel Model(string? name) =>
        SandboxModels.Parse(name) ?? throw ControlException.Invalid($"unknown model '{name}'; use one of {string.Join(", ", SandboxModels.All.Select(m => m.PathName()))}");
}
