using System.Buffers.Text;
using System.Text.RegularExpressions;

namespace OrleansKombo.Orders;

/// <summary>
/// Kombo's validation of a result body (../shared/kombo/README.md §4 and the sandbox's), so a bad result is refused
/// with a message at our API instead of failing later on its way to the ATS.
/// </summary>
public static partial class OrderResultRules
{
    /// <summary>The most attachments one result carries.</summary>
    public const int MaxAttachments = 5;

    [GeneratedRegex(@"^[\w.+-]+/[\w.+-]+$")]
    private static partial Regex ContentType();

    /// <summary>Every problem, each naming its field; empty when Kombo would accept the body.</summary>
    public static IReadOnlyList<string> Problems(OrderResult result)
    {
        var problems = new List<string>();
        if (!IsAbsoluteUri(result.ResultUrl))
        {
            problems.Add("result_url is required and must be an absolute URI.");
        }
        if (result.Status is ResultStatus.Completed or ResultStatus.Cancelled && result.CompletedAt is null)
        {
            problems.Add($"completed_at is required when the status is {(result.Status == ResultStatus.Completed ? "COMPLETED" : "CANCELLED")}.");
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
        return problems;
    }

    private static void Attribute(ResultAttribute attribute, string at, List<string> problems)
    {
        if (string.IsNullOrEmpty(attribute.Label))
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
        if (string.IsNullOrEmpty(attribute.Id))
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
        if (string.IsNullOrEmpty(attachment.Name))
        {
            problems.Add($"{at}.name is required.");
        }
        if ((attachment.Data is null) == (attachment.DataUrl is null))
        {
            problems.Add($"{at} needs exactly one of data and data_url.");
        }
        if (attachment.Data is { } data)
        {
            if (!Base64.IsValid(data))
            {
                problems.Add($"{at}.data must be base64.");
            }
            if (attachment.ContentType is not { } type || !ContentType().IsMatch(type))
            {
                problems.Add($"{at}.content_type is required with data and must look like type/subtype.");
            }
        }
        if (attachment.DataUrl is { } url && !IsAbsoluteUri(url))
        {
            problems.Add($"{at}.data_url must be an absolute URI.");
        }
    }

    private static bool IsAbsoluteUri(string? value) => Uri.TryCreate(value, UriKind.Absolute, out _);
}
