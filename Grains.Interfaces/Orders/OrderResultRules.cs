using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansKombo.Orders;

/// <summary>
/// Kombo's validation of a result body (the request schema of <c>PUT /assessment/orders/{id}/result</c> in
/// ../shared/kombo/openapi.json), so a bad result is refused with a message at our API instead of failing later on its
/// way to the ATS, and everything that schema allows is taken.
/// </summary>
public static partial class OrderResultRules
{
    /// <summary>The most attachments one result carries: Kombo's <c>maxItems</c>.</summary>
    public const int MaxAttachments = 5;

    /// <summary>
    /// Our own limit on one attachment's <c>data</c>, decoded (Kombo states none): larger reports go by <c>data_url</c>, which
    /// Kombo prefers anyway. The whole request is bounded by <c>Gateway:MaxApiBodyBytes</c> too.
    /// </summary>
    public const int MaxAttachmentDataBytes = 5 * 1024 * 1024;

    /// <summary>Kombo's pattern for an attachment's <c>content_type</c>, exactly as openapi.json prints it.</summary>
    public const string ContentTypePattern = @"^[\w.-]+\/[\w.-]+$";

    /// <summary>Our own limit on <c>remote_fields</c> (Kombo states none): its JSON text, in UTF-8 bytes.</summary>
    public const int MaxRemoteFieldsBytes = 64 * 1024;

    /// <summary>The keys of <c>remote_fields</c> Kombo's schema types: tool, then its string-valued keys.</summary>
    private static readonly (string Tool, string[] Keys)[] RemoteFieldTools = [("smartrecruiters", ["scoreLabel"]), ("recruitee", ["subtitle"])];

    /// <summary>JSON Schema patterns are ECMAScript regular expressions: <c>\w</c> is <c>[A-Za-z0-9_]</c>, not any letter.</summary>
    [GeneratedRegex(ContentTypePattern, RegexOptions.ECMAScript)]
    private static partial Regex ContentType();

    /// <summary>Every problem, each naming its field; empty when Kombo would accept the body.</summary>
    public static IReadOnlyList<string> Problems(OrderResult result)
    {
        var problems = new List<string>();
        if (!IsHttpUrl(result.ResultUrl))
        {
            problems.Add("result_url is required and must be an absolute http or https URL.");
        }
        if (result.Status is ResultStatus.Completed or ResultStatus.Cancelled && result.CompletedAt is null)
        {
            problems.Add($"completed_at is required when the status is {KomboJson.Name(result.Status)}.");
        }
        foreach (var (name, value) in new[] { ("score", result.Score), ("max_score", result.MaxScore) })
        {
            if (value is { } number && !double.IsFinite(number))
            {
                problems.Add($"{name} must be a finite number.");
            }
        }
        var attributes = result.Attributes ?? [];
        for (var i = 0; i < attributes.Count; i++)
        {
            Attribute(attributes[i], $"attributes[{i}]", problems);
        }
        var attachments = result.Attachments ?? [];
        if (attachments.Count > MaxAttachments)
        {
            problems.Add($"attachments holds {attachments.Count} items; at most {MaxAttachments} are allowed.");
        }
        for (var i = 0; i < attachments.Count; i++)
        {
            Attachment(attachments[i], $"attachments[{i}]", problems);
        }
        if (result.RemoteFields is { } remoteFields)
        {
            RemoteFields(remoteFields, problems);
        }
        return problems;
    }

    private static void RemoteFields(RemoteFields remoteFields, List<string> problems)
    {
        if (Encoding.UTF8.GetByteCount(remoteFields.Json) > MaxRemoteFieldsBytes)
        {
            problems.Add($"remote_fields is larger than {MaxRemoteFieldsBytes} bytes.");
            return;
        }
        using var document = JsonDocument.Parse(remoteFields.Json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            problems.Add("remote_fields must be an object.");
            return;
        }
        foreach (var (tool, keys) in RemoteFieldTools)
        {
            if (!document.RootElement.TryGetProperty(tool, out var fields))
            {
                continue;
            }
            if (fields.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"remote_fields.{tool} must be an object.");
                continue;
            }
            foreach (var key in keys)
            {
                if (fields.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"remote_fields.{tool}.{key} must be a string.");
                }
            }
        }
    }

    private static void Attribute(ResultAttribute attribute, string at, List<string> problems)
    {
        if (attribute.Label is null)
        {
            problems.Add($"{at}.label is required.");
        }
        if (attribute.Type == ResultAttributeType.Text)
        {
            if (attribute.Value is null)
            {
                problems.Add($"{at}.value is required for a TEXT attribute.");
            }
            if (attribute.Id is not null || attribute.Score is not null || attribute.Status is not null)
            {
                problems.Add($"{at}: a TEXT attribute has only type, label and value.");
            }
            return;
        }
        if (attribute.Id is null)
        {
            problems.Add($"{at}.id is required for a SUB_RESULT attribute.");
        }
        if (attribute.Score is not { } score || !double.IsFinite(score.Value) || !double.IsFinite(score.Max) || score.Max < 1)
        {
            problems.Add($"{at}.score must be {{value: number, max: number >= 1}}.");
        }
        if (attribute.Status is not (ResultStatus.Completed or ResultStatus.Cancelled))
        {
            problems.Add($"{at}.status must be COMPLETED or CANCELLED.");
        }
        if (attribute.Value is not null)
        {
            problems.Add($"{at}: a SUB_RESULT attribute has no value.");
        }
    }

    private static void Attachment(ResultAttachment attachment, string at, List<string> problems)
    {
        if (attachment.Name is null)
        {
            problems.Add($"{at}.name is required.");
        }
        if ((attachment.Data is null) == (attachment.DataUrl is null))
        {
            problems.Add($"{at} needs exactly one of data and data_url.");
        }
        if (attachment.Data is { } data)
        {
            if (!Base64.IsValid(data, out var bytes))
            {
                problems.Add($"{at}.data must be base64.");
            }
            else if (bytes > MaxAttachmentDataBytes)
            {
                problems.Add($"{at}.data holds {bytes} bytes; at most {MaxAttachmentDataBytes} are taken (send a larger file by data_url).");
            }
        }
        if (attachment.ContentType is { } type ? !ContentType().IsMatch(type) : attachment.Data is not null)
        {
            // Required with data; optional with data_url (Kombo then reads the download's Content-Type), but checked when given.
            problems.Add($"{at}.content_type {(attachment.Data is null ? "" : "is required with data and ")}must match {ContentTypePattern} (type/subtype).");
        }
        if (attachment.DataUrl is { } url && !IsHttpUrl(url))
        {
            problems.Add($"{at}.data_url must be an absolute http or https URL.");
        }
    }

    /// <summary>
    /// Kombo's <c>format: uri</c>, narrowed to what a recruiter's browser (result_url) or Kombo's download (data_url) should
    /// open: http or https with a host. No javascript:, data:, file: or mailto: into the ATS.
    /// </summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}
