namespace OrleansKombo.Tests.Golden;

/// <summary>One request to the gateway and its answer, as it came (normalised only when the files are compared).</summary>
/// <param name="Section">The golden file it belongs to.</param>
/// <param name="Note">What the step is about, for a reader of the golden file; null when the request says it.</param>
/// <param name="Unordered">
/// A list ordered by ids the run generated (orders): its results are compared sorted by their placeholders, since the
/// same order of ids cannot be had twice.
/// </param>
/// <param name="Racing">
/// A top-level key of the answer whose value races work the request started in the background (a package push may be
/// pending or already done when the answer is read): recorded as a placeholder, and asserted by the steps after it.
/// </param>
public sealed record GoldenExchange(string Section, string Method, string Path, string? Note, int Status, string? Location, string Body,
    bool Unordered = false, string? Racing = null);
