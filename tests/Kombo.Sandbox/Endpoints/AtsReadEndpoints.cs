using Kombo.Sandbox.Data;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Reads;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary><c>GET /v1/ats/{jobs,candidates,applications,users,tags,application-stages}</c>.</summary>
public static class AtsReadEndpoints
{
    public static RouteGroupBuilder MapAtsReads(this RouteGroupBuilder v1)
    {
        foreach (var model in SandboxModels.All)
        {
            v1.MapGet("/ats/" + model.PathName(), (HttpContext context, SandboxState state) => ReadAsync(context, state, model));
        }
        return v1;
    }

    private static async Task<IResult> ReadAsync(HttpContext context, SandboxState state, SandboxModel model)
    {
        if (KomboGate.Resolve(context, state, out var integration) is { } error)
        {
            return error;
        }
        ReadRequest request;
        Func<Records.SandboxRecord, bool> predicate;
        try
        {
            request = ReadRequest.Parse(model.PathName(), context.Request.Query);
            predicate = RecordFilter.Build(model, request.FilterValues);
        }
        catch (KomboInputException e)
        {
            return KomboError.InputInvalid(e.Message);
        }
        if (integration.Faults.Take(FaultScope.Reads, model.PathName(), request.PageIndex) is { } fault)
        {
            return new FaultResponse(fault, () => integration.Read(model, request, predicate).ToArray());
        }
        if (integration.SetupSyncPending)
        {
            return KomboGate.SetupPending(integration);
        }
        if (integration.Faults.ReadDelay > TimeSpan.Zero)
        {
            await Task.Delay(integration.Faults.ReadDelay, context.RequestAborted);
        }
        return new PageResult(integration.Read(model, request, predicate));
    }
}
