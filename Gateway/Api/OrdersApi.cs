using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Assessment;
using OrleansKombo.Orders;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// Assessment orders: the lists and the detail are read from PostgreSQL (the read model <c>order_view</c> the order
/// grains' store writes, with the invitation as the outbox has it); results, cancellations and reconciliation go to
/// the grains.
/// </summary>
public static class OrdersApi
{
    private const string CursorKind = "orders";

    private static readonly string[] Statuses = Enum.GetValues<OrderStatus>().Select(KomboJson.Name).ToArray();

    private const string Select = """
        SELECT o.id, o.body, x.status, x.attempts, x.last_error, x.sent_at
          FROM order_view o
          LEFT JOIN invitation_outbox x ON x.order_id = o.id
        """;

    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/integrations/{integration_id}/orders", ListAsync)
            .WithSummary("The integration's assessment orders, ordered by id, each as GET /api/orders/{order_id} shows it.")
            .WithPaging()
            .WithQueryList("status", Statuses, "Comma list of order statuses to keep.")
            .WithQuery("flagged", JsonSchemaType.Boolean, "Keep only orders reconciliation found and did not take (true), or the others (false).")
            .Produces<Page<JsonObject>>();
        api.MapPost("/integrations/{integration_id}/orders/reconcile", ReconcileAsync)
            .WithSummary("Runs reconciliation with Kombo now (202): missed OPEN orders are taken as if received (ones we would reject are "
                + "flagged for an operator, operator_flag), and the orders we hold open are looked up: cancelled in the ATS makes them "
                + "CANCELLED, another closed status flags them, as does OPEN in Kombo for one we rejected. A run reads a bounded number of "
                + "pages; the next continues.")
            .Produces(StatusCodes.Status202Accepted);
        api.MapGet("/orders/{order_id}", GetAsync)
            .WithSummary("One order: {id, integration_id, package_id, status, candidate, application, job, invitation, result, write_back, history}, "
                + "plus source, inline, rejection_message and operator_flag. An attachment of the result sent as data shows its decoded size, "
                + "data_bytes, not its contents (neither here nor in the lists).")
            .Produces<JsonObject>();
        api.MapPost("/orders/{order_id}/result", ResultAsync)
            .WithSummary("Stores a result (Kombo's \"update order result\" body: status, result_url, completed_at, score, max_score, attributes, "
                + "attachments, remote_fields) and writes it back to Kombo with retries (202; a TRIGGER order's result goes into its application: "
                + "result link, and as its rule says a note, stage move and tag); 400 names what Kombo would refuse, a result_url "
                + "or data_url that is not http(s), and an attachment's data over 5 MiB decoded; 413 for a body over Gateway:MaxApiBodyBytes.")
            .Accepts<OrderResult>("application/json")
            .Produces(StatusCodes.Status202Accepted);
        api.MapPost("/orders/{order_id}/cancel", CancelAsync)
            .WithSummary("Cancels the assessment (202): an invitation not sent yet is dropped, and CANCELLED is written back to Kombo "
                + "(a TRIGGER order has no Kombo order: it is closed here and nothing is written into the ATS).")
            .Produces(StatusCodes.Status202Accepted);
        api.MapPost("/orders/{order_id}/write-back/retry", RetryWriteBackAsync)
            .WithSummary("Writes a result whose write-back FAILED to Kombo again (202; write_back is PENDING until Kombo answers). "
                + "409 when the write-back has not failed, or the order was cancelled in the ATS.")
            .Produces(StatusCodes.Status202Accepted);
        api.MapPost("/orders/{order_id}/invitation/resolve", ResolveInvitationAsync)
            .WithSummary("An operator's verdict on an invitation email IN_DOUBT (its sender stopped mid-send), from the mail log (202): "
                + "{\"delivered\": true} marks it SENT; {\"delivered\": false} sends it again. 409 unless it is IN_DOUBT.")
            .Accepts<JsonObject>("application/json")
            .Produces(StatusCodes.Status202Accepted);
        api.MapPost("/orders/{order_id}/invitation/resend", ResendInvitationAsync)
            .WithSummary("Sends an invitation that FAILED again (202; it is PENDING again, with a new round of attempts), after the cause "
                + "in its last_error was fixed. 409 unless the invitation is FAILED and the order open.")
            .Produces(StatusCodes.Status202Accepted);
        return api;
    }

    private static Task<IResult> ListAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken) =>
        FilteredPage.ListAsync(request, db, integrationId, Select, "o", "id", Statuses, CursorKind, Read, cancellationToken);

    /// <summary>
    /// The console's order list, newest id first: what an operator must look at (flagged, a write-back FAILED, an invitation
    /// IN_DOUBT), each as the API shows it.
    /// </summary>
    public static async Task<List<JsonObject>> FindAsync(NpgsqlDataSource db, string? integrationId, bool flagged, bool writeBackFailed,
        bool invitationInDoubt, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            {Select}
             WHERE true
                   {(integrationId is null ? "" : "AND o.integration_id = @integration")}
                   {(flagged ? "AND o.flagged" : "")}
                   {(writeBackFailed ? $"AND o.body->'write_back'->>'status' = '{KomboJson.Name(WriteStatus.Failed)}'" : "")}
                   {(invitationInDoubt ? $"AND x.status = '{InvitationStatus.InDoubt}'" : "")}
             ORDER BY o.id DESC
             LIMIT @limit
            """);
        if (integrationId is not null)
        {
            command.Parameters.AddWithValue("integration", integrationId);
        }
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<JsonObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    /// <summary>One order as the API shows it (the console too); null when unknown.</summary>
    public static async Task<JsonObject?> FindOneAsync(NpgsqlDataSource db, string orderId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"{Select} WHERE o.id = @id");
        command.Parameters.AddWithValue("id", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "order_id")] string orderId, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"{Select} WHERE o.id = @id");
        command.Parameters.AddWithValue("id", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Results.Ok(Read(reader)) : NotFound(orderId);
    }

    private static async Task<IResult> ResultAsync([FromRoute(Name = "order_id")] string orderId, HttpRequest request, NpgsqlDataSource db,
        IClusterClient cluster, ILogger<OrderResult> logger, CancellationToken cancellationToken)
    {
        OrderResult? result;
        try
        {
            result = await JsonSerializer.DeserializeAsync<OrderResult>(request.Body, KomboJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiError.BadRequest($"The body is not a result Kombo would take: {e.Message}");
        }
        if (result is null)
        {
            return ApiError.BadRequest("The body must be a result object.");
        }
        if (OrderResultRules.Problems(result) is { Count: > 0 } problems)
        {
            return ApiError.BadRequest(string.Join(" ", problems));
        }
        return await CommandAsync(orderId, db, cluster, logger, "store a result for", grain => grain.SubmitResult(result), cancellationToken);
    }

    private static Task<IResult> CancelAsync([FromRoute(Name = "order_id")] string orderId, NpgsqlDataSource db, IClusterClient cluster,
        ILogger<OrderResult> logger, CancellationToken cancellationToken) =>
        CommandAsync(orderId, db, cluster, logger, "cancel", grain => grain.Cancel(), cancellationToken);

    private static Task<IResult> RetryWriteBackAsync([FromRoute(Name = "order_id")] string orderId, NpgsqlDataSource db, IClusterClient cluster,
        ILogger<OrderResult> logger, CancellationToken cancellationToken) =>
        CommandAsync(orderId, db, cluster, logger, "retry the write-back of", grain => grain.RetryWriteBack(), cancellationToken);

    /// <summary>An operator's command to an order grain, answered as the API answers it (the console asks the same).</summary>
    public static async Task<IResult> CommandAsync(string orderId, NpgsqlDataSource db, IClusterClient cluster, ILogger logger, string what,
        Func<IOrderGrain, Task<OrderCommandAnswer>> command, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(db, orderId, cancellationToken))
        {
            return NotFound(orderId);
        }
        return await ClusterCall.AnswerAsync(() => command(cluster.GetGrain<IOrderGrain>(orderId)), answer => answer.Outcome switch
        {
            OrderCommandOutcome.Accepted => Results.Accepted($"/api/orders/{Uri.EscapeDataString(orderId)}"),
            OrderCommandOutcome.NotFound => NotFound(orderId),
            OrderCommandOutcome.Invalid => ApiError.BadRequest(answer.Message!),
            _ => ApiError.Result(StatusCodes.Status409Conflict, answer.Message!),
        }, $"{what} order '{orderId}'", logger, cancellationToken);
    }

    private static Task<IResult> ResendInvitationAsync([FromRoute(Name = "order_id")] string orderId, NpgsqlDataSource db, IClusterClient cluster,
        ILogger<OrderResult> logger, CancellationToken cancellationToken) =>
        CommandAsync(orderId, db, cluster, logger, "resend the invitation of", grain => grain.ResendInvitation(), cancellationToken);

    private static async Task<IResult> ResolveInvitationAsync([FromRoute(Name = "order_id")] string orderId, HttpRequest request,
        NpgsqlDataSource db, IClusterClient cluster, ILogger<OrderResult> logger, CancellationToken cancellationToken)
    {
        var (delivered, problem) = await JsonBody.ReadAsync(request.Body, ReadVerdict, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await CommandAsync(orderId, db, cluster, logger, "resolve the invitation of", grain => grain.ResolveInvitation(delivered),
            cancellationToken);
    }

    /// <summary>The operator's verdict from the mail log, or what is wrong with the body.</summary>
    private static (bool Delivered, string? Problem) ReadVerdict(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("delivered", out var verdict)
            && verdict.ValueKind is (JsonValueKind.True or JsonValueKind.False)
            ? (verdict.GetBoolean(), null)
            : (false, "The body must be {\"delivered\": true} or {\"delivered\": false}, from the mail log.");

    private static async Task<IResult> ReconcileAsync([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db,
        IClusterClient cluster, ILogger<OrderResult> logger, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAsync(() => cluster.GetGrain<IAssessmentGrain>(integrationId).Reconcile(),
            () => Results.Accepted($"/api/integrations/{Uri.EscapeDataString(integrationId)}/orders"),
            $"reconcile the orders of integration '{integrationId}'", logger, cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource db, string orderId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM order_view WHERE id = @id)");
        command.Parameters.AddWithValue("id", orderId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static IResult NotFound(string orderId) => ApiError.NotFound($"No order with id '{orderId}' was received.");

    /// <summary>The order as its store wrote it for the API, with the invitation's delivery as the outbox has it right now.</summary>
    private static JsonObject Read(NpgsqlDataReader row)
    {
        var order = row.GetFieldValue<JsonObject>(1);
        if (order["invitation"] is JsonObject { } shown && shown["link"] is JsonValue link)
        {
            // The link's token is the candidate's key to the assessment: the API shows where it leads, not the token.
            shown["link"] = Redact.Url(link.GetValue<string>());
        }
        if (!row.IsDBNull(2) && order["invitation"] is JsonObject invitation)
        {
            invitation["status"] = row.GetString(2);
            invitation["attempts"] = row.GetInt32(3);
            invitation["last_error"] = row.IsDBNull(4) ? null : row.GetString(4);
            invitation["sent_at"] = row.IsDBNull(5) ? null : row.GetFieldValue<DateTimeOffset>(5);
        }
        return order;
    }
}
