namespace OrleansKombo.Assessment;

/// <summary>Kombo's rules for a package set (../shared/kombo/README.md §4), checked before we store or push one.</summary>
public static class PackageRules
{
    /// <summary>Kombo's package types; there is no ASSESSMENT value.</summary>
    public static IReadOnlyList<string> Types { get; } = ["BEHAVIORAL", "VIDEO_INTERVIEW", "SKILLS_TEST", "BACKGROUND_CHECK", "REFERENCE_CHECK"];

    /// <summary>Every problem with the set, each naming the package; empty when Kombo would take it.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<AssessmentPackage> packages)
    {
        var problems = new List<string>();
        for (var i = 0; i < packages.Count; i++)
        {
            var (id, type, name, description) = packages[i];
            foreach (var (field, value) in new[] { ("id", id), ("type", type), ("name", name), ("description", description) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"packages[{i}].{field} is required and must be a non-empty string.");
                }
            }
            if (!string.IsNullOrWhiteSpace(type) && !Types.Contains(type))
            {
                problems.Add($"packages[{i}].type must be one of {string.Join(", ", Types)}, not '{type}'.");
            }
        }
        foreach (var duplicate in packages.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"package id '{duplicate.Key}' appears more than once.");
        }
        return problems;
    }
}
