using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OrleansKombo.Gateway.Webhooks;

namespace OrleansKombo.Gateway.Api;

/// <summary>The operator's view of the webhook inbox: list, inspect, replay.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks", ListAsync)
            .WithSummary("Inbox entries, newest first; filters integration_id, type, status.")
            .WithPaging()
            .WithQuery("integration_id", JsonSchemaType.String, "Only this integration's events.")
            .WithQuery("type", JsonSchemaType.String, "Only events of this Kombo type, e.g. data-changed.")
            .WithQueryEnum("status", InboxStatus.All, "Only entries in this status (DEAD: the dead letters).")
            .Produces<Page<WebhookView>>();
        api.MapGet("/webhooks/{id}", GetAsync)
            .WithSummary("One inbox entry with the body as kept (minimised: no phone number), or null once purged or when it was not JSON.");
        api.MapPost("/webhooks/{id}/replay", ReplayAsync)
            .WithSummary("Hands the recorded event to its grain again; a DEAD entry is revived (FAILED, retried with a fresh count).");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, WebhookInbox inbox, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(request, out var page, out var problem))
        {
            return problem!;
        }
        var status = QueryParameters.Optional(request, "status");
        if (status is not null && !InboxStatus.All.Contains(status))
        {
            return ApiError.BadRequest($"status must be one of {string.Join(", ", InboxStatus.All)}.");
        }
        (DateTimeOffset, string)? after = null;
        if (page.Cursor is not null)
        {
            if (!Cursor.TryDecode(page.Cursor, 2, out var parts)
                || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                return PageRequest.InvalidCursor();
            }
            after = (at, parts[1]);
        }

        var rows = await inbox.ListAsync(QueryParameters.Optional(request, "integration_id"), QueryParameters.Optional(request, "type"),
            status, after, page.Size + 1, cancellationToken);
        return Results.Ok(Page<WebhookView>.Of(rows, page.Size, e => View(e, withBody: false),
            e => Cursor.Encode(e.ReceivedAt.ToString("O", CultureInfo.InvariantCulture), e.Id)));
    }

    private static async Task<IResult> GetAsync(string id, WebhookInbox inbox, CancellationToken cancellationToken) =>
        await inbox.GetAsync(id, cancellationToken) is { } entry
            ? Results.Ok(View(entry, withBody: true))
            : ApiError.NotFound($"No webhook with id '{id}' is in the inbox.");

    /// <summary>The replay, for the API and the console alike.</summary>
    public static async Task<IResult> ReplayAsync(string id, WebhookInbox inbox, WebhookProcessor processor, CancellationToken cancellationToken)
    {
        if (await inbox.GetAsync(id, cancellationToken) is not { } entry)
        {
            return ApiError.NotFound($"No webhook with id '{id}' is in the inbox.");
        }
        if (entry.Body is null)
        {
            return ApiError.Result(StatusCodes.Status409Conflict, entry.BodyPurgedAt is null
                ? $"Webhook '{id}' was not JSON, so only its hash and size are kept: there is nothing to replay."
                : $"Webhook '{id}' is {entry.Status} and its body was purged (Webhooks:RetainBodiesFor): there is nothing to replay.");
        }
        var reading = KomboEventReader.Read(Encoding.UTF8.GetBytes(entry.Body));
        if (!reading.IsUsable || !WebhookProcessor.IsRouted(reading.Event!))
        {
            return ApiError.Result(StatusCodes.Status409Conflict,
                $"Webhook '{id}' is {entry.Status}: no grain handles it, so there is nothing to replay.");
        }
        if (!await inbox.TryClaimForReplayAsync(id, cancellationToken))
        {
            return ApiError.Result(StatusCodes.Status409Conflict, $"Webhook '{id}' is being processed right now; try again shortly.");
        }
        var answer = await processor.ProcessAsync(reading.Event!, cancellationToken);
        if (answer.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // Only a grain that did not take the event answers 503; the row may still show an earlier answer.
            return answer.ToResult();
        }
        return Results.Ok(View((await inbox.GetAsync(id, cancellationToken))!, withBody: true));
    }

    /// <summary>An entry as the API shows it (the console too): the body as kept, the answer's link without its token.</summary>
    public static WebhookView View(InboxEntry e, bool withBody) => new(
        e.Id, e.Type, e.IntegrationId, e.ReceivedAt, e.Status, e.Attempts,
        e.Answer is null ? null : new AnswerView(e.Answer.Status, e.Answer.Body is null ? null : ShownAnswer(e.Answer.Body)),
        e.LastError, e.NextAttemptAt, e.ProcessedAt,
        withBody && e.Body is not null ? JsonDocument.Parse(e.Body).RootElement : null,
        e.BodySha256 is null ? null : Convert.ToHexStringLower(e.BodySha256), e.BodyBytes, e.BodyPurgedAt);

    /// <summary>
    /// The stored answer as the API shows it: an inline order's <c>assessment_url</c> (the candidate's link, which a repeat
    /// must get unchanged, so the inbox keeps it whole) without its token.
    /// </summary>
    private static JsonElement ShownAnswer(string body)
    {
        var answer = JsonNode.Parse(body);
        if (answer is JsonObject { } shown && shown["assessment_url"] is JsonValue link && link.GetValueKind() == JsonValueKind.String)
        {
            shown["assessment_url"] = Redact.Url(link.GetValue<string>());
        }
        return JsonSerializer.SerializeToElement(answer);
    }

    public sealed record AnswerView(int Status, JsonElement? Body);

    public sealed record WebhookView(
        string Id,
        string Type,
        string? IntegrationId,
        DateTimeOffset ReceivedAt,
        string Status,
        int Attempts,
        AnswerView? Answer,
        string? LastError,
        DateTimeOffset? NextAttemptAt,
        DateTimeOffset? ProcessedAt,
        JsonElement? Body,
        string? BodySha256,
        int? BodyBytes,
        DateTimeOffset? BodyPurgedAt);
}
