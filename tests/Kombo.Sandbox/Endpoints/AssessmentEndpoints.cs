using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Reads;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary><c>/v1/assessment/*</c>: packages, orders and order results.</summary>
public static class AssessmentEndpoints
{
    public static RouteGroupBuilder MapAssessment(this RouteGroupBuilder v1)
    {
        v1.MapGet("/assessment/packages", GetPackages);
        v1.MapPut("/assessment/packages", (HttpContext context, SandboxState state) => KomboGate.WriteAsync(context, state, "packages", PutPackages));
        v1.MapGet("/assessment/orders", (HttpContext context, SandboxState state) => ListOrdersAsync(context, state, open: false));
        v1.MapGet("/assessment/orders/open", (HttpContext context, SandboxState state) => ListOrdersAsync(context, state, open: true));
        v1.MapPut("/assessment/orders/{orderId}/result", (HttpContext context, SandboxState state, string orderId) =>
            KomboGate.WriteAsync(context, state, "result", (integration, body, raw) => PutResult(integration, orderId, body, raw)));
        return v1;
    }

    private static IResult GetPackages(HttpContext context, SandboxState state)
    {
        if (KomboGate.Resolve(context, state, out var integration) is { } error)
        {
            return error;
        }
        if (integration.Faults.Take(FaultScope.Reads, "assessment-packages", null) is { } fault)
        {
            return new FaultResponse(fault);
        }
        return KomboGate.Success(new { packages = integration.Assessment.Packages });
    }

    private static IResult PutPackages(SandboxIntegration integration, JsonElement body, string raw)
    {
        if (WriteValidation.Packages(body) is { Count: > 0 } errors)
        {
            return KomboGate.Invalid(errors);
        }
        var packages = body.GetProperty("packages").EnumerateArray()
            .Select(p => new AssessmentPackage(p.GetProperty("id").GetString()!, p.GetProperty("name").GetString()!,
                p.GetProperty("description").GetString()!, null, p.GetProperty("type").GetString()))
            .ToList();
        var now = integration.Now();
        integration.Assessment.ReplacePackages(packages, now);
        integration.Assessment.RecordWrite("packages", integration.Id, raw, now);
        return KomboGate.WriteSuccess(integration);
    }

    private static async Task<IResult> ListOrdersAsync(HttpContext context, SandboxState state, bool open)
    {
        if (KomboGate.Resolve(context, state, out var integration) is { } error)
        {
            return error;
        }
        var endpoint = open ? "assessment-orders-open" : "assessment-orders";
        ReadRequest request;
        Func<AssessmentOrder, bool> predicate;
        try
        {
            request = ReadRequest.Parse(endpoint, context.Request.Query);
            predicate = open ? o => o.Status == "OPEN" : OrderFilter(request.FilterValues);
        }
        catch (KomboInputException e)
        {
            return KomboError.InputInvalid(e.Message);
        }
        if (integration.Faults.Take(FaultScope.Reads, endpoint, request.PageIndex) is { } fault)
        {
            return new FaultResponse(fault);
        }
        if (integration.Faults.ReadDelay > TimeSpan.Zero)
        {
            await Task.Delay(integration.Faults.ReadDelay, context.RequestAborted);
        }
        var page = request.Collect(integration.Assessment.Orders, o => o.Sequence, predicate,
            o => Json.SandboxJson.Utf8(open ? OpenOrderView.From(o) : o));
        return new PageResult(page);
    }

    private static Func<AssessmentOrder, bool> OrderFilter(IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> query)
    {
        var statuses = QueryValues.List(query, "statuses", allowed: AssessmentOrder.Statuses);
        var ids = QueryValues.List(query, "ids");
        var createdAfter = QueryValues.Date(query, "created_after");
        return o => (statuses is null || statuses.Contains(o.Status))
            && (ids is null || ids.Contains(o.Id))
            && (createdAfter is null || o.CreatedAt >= createdAfter);
    }

    private static IResult PutResult(SandboxIntegration integration, string orderId, JsonElement body, string raw)
    {
        if (integration.Assessment.FindOrder(orderId) is not { } order)
        {
            return KomboError.NotFound($"No assessment order with the id '{orderId}' exists.");
        }
        if (WriteValidation.Result(body) is { Count: > 0 } errors)
        {
            return KomboGate.Invalid(errors);
        }
        if (integration.Assessment.SetResult(order, body.GetProperty("status").GetString()!, raw, integration.Now()) is { } refused)
        {
            return KomboError.InputInvalid(refused);
        }
        return KomboGate.WriteSuccess(integration);
    }
}
