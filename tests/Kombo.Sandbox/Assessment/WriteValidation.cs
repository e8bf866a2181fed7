using System.Text.Json;
using System.Text.RegularExpressions;
using Kombo.Sandbox.Reads;

namespace Kombo.Sandbox.Assessment;

/// <summary>Kombo's body rules for the assessment writes; each method returns the problems found (none = valid).</summary>
public static partial class WriteValidation
{
    private static readonly string[] PackageTypes = ["BEHAVIORAL", "VIDEO_INTERVIEW", "SKILLS_TEST", "BACKGROUND_CHECK", "REFERENCE_CHECK"];

    /// <summary>Kombo's content_type pattern; JSON Schema patterns are ECMAScript, where <c>\w</c> is ASCII only.</summary>
    [GeneratedRegex(@"^[\w.-]+\/[\w.-]+$", RegexOptions.ECMAScript)]
    private static partial Regex ContentTypePattern();

    public static List<string> Packages(JsonElement body)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
        {
            errors.Add("'packages' is required and must be an array.");
            return errors;
        }
        var i = 0;
        foreach (var package in packages.EnumerateArray())
        {
            var at = $"packages[{i++}]";
            foreach (var field in new[] { "id", "type", "name", "description" })
            {
                RequireString(package, field, at, errors);
            }
            if (String(package, "type") is { } type && !PackageTypes.Contains(type))
            {
                errors.Add($"{at}.type must be one of {string.Join(", ", PackageTypes)}, not '{type}'.");
            }
        }
        if (packages.EnumerateArray().Select(p => String(p, "id")).Where(id => id is not null).GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            errors.Add($"package id '{duplicate.Key}' appears more than once.");
        }
        return errors;
    }

    public static List<string> Result(JsonElement body)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return ["The body must be a JSON object."];
        }
        var status = String(body, "status");
        if (status is not ("COMPLETED" or "CANCELLED" or "OPEN"))
        {
            errors.Add("'status' is required and must be COMPLETED, CANCELLED or OPEN.");
        }
        RequireUri(body, "result_url", "body", errors, required: true);
        if (body.TryGetProperty("completed_at", out var completed))
        {
            if (completed.ValueKind != JsonValueKind.String || !QueryValues.DatePattern().IsMatch(completed.GetString()!))
            {
                errors.Add("'completed_at' must be a date-time like YYYY-MM-DDTHH:mm:ss.sssZ.");
            }
        }
        else if (status is "COMPLETED" or "CANCELLED")
        {
            errors.Add($"'completed_at' is required when the status is {status}.");
        }
        foreach (var number in new[] { "score", "max_score" })
        {
            if (body.TryGetProperty(number, out var value) && value.ValueKind != JsonValueKind.Number)
            {
                errors.Add($"'{number}' must be a number.");
            }
        }
        if (Array(body, "attributes", errors) is { } attributes)
        {
            var i = 0;
            foreach (var attribute in attributes)
            {
                Attribute(attribute, $"attributes[{i++}]", errors);
            }
        }
        if (Array(body, "attachments", errors) is { } attachments)
        {
            if (attachments.Count > 5)
            {
                errors.Add("At most 5 attachments are allowed.");
            }
            var i = 0;
            foreach (var attachment in attachments)
            {
                Attachment(attachment, $"attachments[{i++}]", errors, requireType: false);
            }
        }
        if (body.TryGetProperty("remote_fields", out var remote) && remote.ValueKind != JsonValueKind.Object)
        {
            errors.Add("'remote_fields' must be an object.");
        }
        return errors;
    }

    public static List<string> ResultLink(JsonElement body)
    {
        var errors = new List<string>();
        RequireString(body, "label", "body", errors);
        RequireUri(body, "url", "body", errors, required: true);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("details", out var details))
        {
            RequireString(details, "custom_field_name_prefix", "details", errors);
            if (!details.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Array)
            {
                errors.Add("details.attributes is required and must be an array.");
            }
            else
            {
                var i = 0;
                foreach (var attribute in attributes.EnumerateArray())
                {
                    RequireString(attribute, "key", $"details.attributes[{i}]", errors);
                    RequireString(attribute, "value", $"details.attributes[{i++}]", errors);
                }
            }
        }
        return errors;
    }

    /// <summary><c>PUT /ats/applications/{id}/stage</c>: <c>stage_id</c> (string, required); optional <c>remote_fields</c> object.</summary>
    public static List<string> Stage(JsonElement body)
    {
        var errors = new List<string>();
        RequireString(body, "stage_id", "body", errors);
        RemoteFields(body, errors);
        return errors;
    }

    /// <summary><c>POST /ats/candidates/{id}/tags</c>: <c>tag.name</c> (string, at least 1 character, required); optional <c>remote_fields</c>.</summary>
    public static List<string> Tag(JsonElement body)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("tag", out var tag) || tag.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body.tag is required and must be an object.");
        }
        else if (String(tag, "name") is not { Length: > 0 })
        {
            errors.Add("tag.name is required and must be a string of at least 1 character.");
        }
        RemoteFields(body, errors);
        return errors;
    }

    private static void RemoteFields(JsonElement body, List<string> errors)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("remote_fields", out var remote) && remote.ValueKind != JsonValueKind.Object)
        {
            errors.Add("'remote_fields' must be an object.");
        }
    }

    public static List<string> Note(JsonElement body)
    {
        var errors = new List<string>();
        RequireString(body, "content", "body", errors);
        if (String(body, "content_type") != "PLAIN_TEXT")
        {
            errors.Add("'content_type' is required and must be PLAIN_TEXT.");
        }
        return errors;
    }

    public static List<string> ApplicationAttachment(JsonElement body)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("attachment", out var attachment) || attachment.ValueKind != JsonValueKind.Object)
        {
            return ["'attachment' is required and must be an object."];
        }
        Attachment(attachment, "attachment", errors, requireType: true);
        return errors;
    }

    private static void Attribute(JsonElement attribute, string at, List<string> errors)
    {
        switch (String(attribute, "type"))
        {
            case "TEXT":
                RequireString(attribute, "label", at, errors);
                RequireString(attribute, "value", at, errors);
                break;
            case "SUB_RESULT":
                RequireString(attribute, "id", at, errors);
                RequireString(attribute, "label", at, errors);
                if (!attribute.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Object
                    || !score.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number
                    || !score.TryGetProperty("max", out var max) || max.ValueKind != JsonValueKind.Number || max.GetDouble() < 1)
                {
                    errors.Add($"{at}.score must be {{value: number, max: number >= 1}}.");
                }
                if (String(attribute, "status") is not ("COMPLETED" or "CANCELLED"))
                {
                    errors.Add($"{at}.status must be COMPLETED or CANCELLED.");
                }
                break;
            default:
                errors.Add($"{at}.type must be TEXT or SUB_RESULT.");
                break;
        }
    }

    private static void Attachment(JsonElement attachment, string at, List<string> errors, bool requireType)
    {
        RequireString(attachment, "name", at, errors);
        if (requireType && String(attachment, "type") is not ("CV" or "COVER_LETTER" or "OTHER"))
        {
            errors.Add($"{at}.type is required and must be CV, COVER_LETTER or OTHER.");
        }
        var hasData = attachment.ValueKind == JsonValueKind.Object && attachment.TryGetProperty("data", out _);
        var hasUrl = attachment.ValueKind == JsonValueKind.Object && attachment.TryGetProperty("data_url", out _);
        if (hasData == hasUrl)
        {
            errors.Add($"{at} needs exactly one of 'data' and 'data_url'.");
        }
        if (hasData)
        {
            RequireString(attachment, "data", at, errors);
        }
        // Required with data; optional with data_url, but Kombo's pattern applies whenever it is given.
        var hasType = attachment.ValueKind == JsonValueKind.Object && attachment.TryGetProperty("content_type", out _);
        if (hasData || hasType)
        {
            if (String(attachment, "content_type") is not { } contentType || !ContentTypePattern().IsMatch(contentType))
            {
                errors.Add($"{at}.content_type {(hasData ? "is required with 'data' and " : "")}must look like type/subtype.");
            }
        }
        if (hasUrl)
        {
            RequireUri(attachment, "data_url", at, errors, required: true);
        }
    }

    private static IReadOnlyList<JsonElement>? Array(JsonElement body, string name, List<string> errors)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"'{name}' must be an array.");
            return null;
        }
        return value.EnumerateArray().ToList();
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void RequireString(JsonElement element, string name, string at, List<string> errors)
    {
        if (String(element, name) is null)
        {
            errors.Add($"{at}.{name} is required and must be a string.");
        }
    }

    private static void RequireUri(JsonElement element, string name, string at, List<string> errors, bool required)
    {
        var value = String(element, name);
        if (value is null)
        {
            if (required)
            {
                errors.Add($"{at}.{name} is required and must be a URI.");
            }
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out _))
        {
            errors.Add($"{at}.{name} must be an absolute URI, not '{value}'.");
        }
    }
}
