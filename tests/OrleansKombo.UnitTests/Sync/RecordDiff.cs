using System.Reflection;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// The record store's diff (what a change feed row says changed), reached here because the store keeps it private:
/// this is the one place that knows where it lives, so a refactor that gives it a home of its own changes only this file.
/// </summary>
public static class RecordDiff
{
    private static readonly MethodInfo Of = typeof(RecordStore).GetNestedType("Diff", BindingFlags.NonPublic)
        ?.GetMethod("Of", BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException("RecordStore.Diff.Of(string?, bool, KeptRecord) is gone; point RecordDiff at the diff's new home.");

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
