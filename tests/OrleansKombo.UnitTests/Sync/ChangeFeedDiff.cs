using System.Reflection;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// The record store's diff (what a change feed row says changed), found by name: today it is private to
/// <see cref="RecordStore"/> (<c>RecordStore.Diff</c>); issue 11 gives it a home of its own (<c>RecordDiff</c>, same
/// <c>Of</c>). This is the one place that knows, so the tests run against either; once the type is public everywhere,
/// call it directly and drop this file.
/// </summary>
public static class ChangeFeedDiff
{
    private static readonly MethodInfo Of =
        (typeof(RecordStore).Assembly.GetType("OrleansKombo.Grains.Sync.RecordDiff") ?? typeof(RecordStore).GetNestedType("Diff", BindingFlags.NonPublic))
        ?.GetMethod("Of", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(bool), typeof(KeptRecord)])
        ?? throw new InvalidOperationException("Neither RecordDiff.Of nor RecordStore.Diff.Of(string?, bool, KeptRecord) exists; point ChangeFeedDiff at the diff.");

    /// <summary>The change from the stored JSON (null: not stored yet) to <paramref name="record"/>.</summary>
    public static (string Kind, IReadOnlyList<string> Fields, string? Before, string? After) Between(string? stored, bool storedDeleted,
        KeptRecord record)
    {
        var diff = Of.Invoke(null, [stored, storedDeleted, record])!;
        var type = diff.GetType();
        return ((string)type.GetProperty("Kind")!.GetValue(diff)!, (IReadOnlyList<string>)type.GetProperty("Fields")!.GetValue(diff)!,
            (string?)type.GetProperty("Before")!.GetValue(diff), (string?)type.GetProperty("After")!.GetValue(diff));
    }
}
