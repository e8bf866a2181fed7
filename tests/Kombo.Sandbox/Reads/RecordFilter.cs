using Kombo.Sandbox.Data;
using Kombo.Sandbox.Records;
using Microsoft.Extensions.Primitives;
using static Kombo.Sandbox.Reads.QueryValues;

namespace Kombo.Sandbox.Reads;

/// <summary>
/// Turns a read's query into one predicate: the common filters, then the endpoint's own (Kombo's README §2).
/// Different filters are ANDed; the values inside one filter are ORed.
/// </summary>
public static class RecordFilter
{
    /// <summary>The query parameters that are filters, so a cursor can carry them.</summary>
    public static bool IsFilter(string name) => name is not ("cursor" or "page_size");

    private static readonly string[] JobStatuses = ["OPEN", "CLOSED", "DRAFT", "ARCHIVED"];
    private static readonly string[] EmploymentTypes = ["FULL_TIME", "PART_TIME", "CONTRACT", "SEASONAL", "INTERNSHIP"];
    private static readonly string[] Visibilities = ["PUBLIC", "INTERNAL", "UNLISTED", "CONFIDENTIAL"];
    private static readonly string[] Outcomes = ["PENDING", "HIRED", "DECLINED"];

    public static Func<SandboxRecord, bool> Build(SandboxModel model, IReadOnlyDictionary<string, StringValues> query)
    {
        var tests = new List<Func<SandboxRecord, bool>> { r => !r.IsPurged };
        Bool(query, "ignore_unsupported_filters");
        if (!Bool(query, "include_deleted"))
        {
            tests.Add(r => !r.IsDeleted);
        }
        if (Date(query, "updated_after") is { } after)
        {
            // Inclusive, so a change in the very millisecond of the previous read's start is not lost.
            tests.Add(r => r.UpdatedAt >= after);
        }
        if (List(query, "ids") is { } ids)
        {
            tests.Add(r => ids.Contains(r.Id));
        }
        if (List(query, "remote_ids") is { } remoteIds)
        {
            tests.Add(r => r.RemoteId is not null && remoteIds.Contains(r.RemoteId));
        }
        switch (model)
        {
            case SandboxModel.Jobs:
                AddJobFilters(query, tests);
                break;
            case SandboxModel.Candidates:
                AddCandidateFilters(query, tests);
                break;
            case SandboxModel.Applications:
                AddApplicationFilters(query, tests);
                break;
            case SandboxModel.Users:
                if (List(query, "emails", StringComparer.OrdinalIgnoreCase) is { } emails)
                {
                    tests.Add(r => ((UserRecord)r).Email is { } e && emails.Contains(e));
                }
                break;
        }
        return tests.Count switch
        {
            0 => _ => true,
            1 => tests[0],
            _ => r => tests.TrueForAll(t => t(r)),
        };
    }

    private static void AddJobFilters(IReadOnlyDictionary<string, StringValues> query, List<Func<SandboxRecord, bool>> tests)
    {
        var statuses = List(query, "statuses", allowed: JobStatuses) ?? List(query, "status", allowed: JobStatuses);
        if (statuses is not null)
        {
            tests.Add(r => ((JobRecord)r).Status is { } s && statuses.Contains(s));
        }
        if (List(query, "employment_types", allowed: EmploymentTypes) is { } types)
        {
            tests.Add(r => ((JobRecord)r).EmploymentType is { } t && types.Contains(t));
        }
        if (List(query, "visibilities", allowed: Visibilities) is { } visibilities)
        {
            tests.Add(r => ((JobRecord)r).Visibility is { } v && visibilities.Contains(v));
        }
        if (List(query, "job_codes") is { } codes)
        {
            tests.Add(r => ((JobRecord)r).JobCode is { } c && codes.Contains(c));
        }
        if (Single(query, "post_url") is { } postUrl)
        {
            tests.Add(r => ((JobRecord)r).PostUrl == postUrl);
        }
        if (Date(query, "remote_created_after") is { } created)
        {
            tests.Add(r => ((JobRecord)r).RemoteCreatedAt >= created);
        }
        if (Single(query, "name_contains") is { } fragment)
        {
            tests.Add(r => ((JobRecord)r).Name?.Contains(fragment, StringComparison.OrdinalIgnoreCase) == true);
        }
    }

    private static void AddCandidateFilters(IReadOnlyDictionary<string, StringValues> query, List<Func<SandboxRecord, bool>> tests)
    {
        if (Single(query, "email") is { } email)
        {
            tests.Add(r => ((CandidateRecord)r).EmailAddresses?.Any(e => string.Equals(e.EmailAddressValue, email, StringComparison.OrdinalIgnoreCase)) == true);
        }
        if (List(query, "job_ids") is { } jobIds)
        {
            tests.Add(r => ((CandidateRecord)r).ApplicationList.Any(a => !a.IsDeleted && a.Job is { } j && jobIds.Contains(j.Id)));
        }
        if (Single(query, "first_name") is { } first)
        {
            tests.Add(r => string.Equals(((CandidateRecord)r).FirstName, first, StringComparison.OrdinalIgnoreCase));
        }
        if (Single(query, "last_name") is { } last)
        {
            tests.Add(r => string.Equals(((CandidateRecord)r).LastName, last, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static void AddApplicationFilters(IReadOnlyDictionary<string, StringValues> query, List<Func<SandboxRecord, bool>> tests)
    {
        var outcomes = List(query, "outcomes", allowed: Outcomes) ?? List(query, "outcome", allowed: Outcomes);
        if (outcomes is not null)
        {
            tests.Add(r => ((ApplicationRecord)r).Outcome is { } o && outcomes.Contains(o));
        }
        if (List(query, "job_ids") is { } jobIds)
        {
            tests.Add(r => ((ApplicationRecord)r).Job is { } j && jobIds.Contains(j.Id));
        }
        if (List(query, "job_remote_ids") is { } jobRemoteIds)
        {
            tests.Add(r => ((ApplicationRecord)r).Job?.RemoteId is { } j && jobRemoteIds.Contains(j));
        }
        if (List(query, "current_stage_ids") is { } stageIds)
        {
            tests.Add(r => ((ApplicationRecord)r).Stage is { } s && stageIds.Contains(s.Id));
        }
        if (Date(query, "remote_created_after") is { } created)
        {
            tests.Add(r => ((ApplicationRecord)r).RemoteCreatedAt >= created);
        }
    }
}
