using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>What the inbox holds for an event, read straight from PostgreSQL.</summary>
public static class InboxRows
{
    public static Task<string?> StatusAsync(string id) =>
        TestDatabase.ScalarAsync<string>("SELECT status FROM webhook_inbox WHERE id = @id", ("id", id));

    public static Task<int> AttemptsAsync(string id) =>
        TestDatabase.ScalarAsync<int>("SELECT attempts FROM webhook_inbox WHERE id = @id", ("id", id));

    /// <summary>Whether the row was answered on receipt, to be handed to its grain after the answer (issue 16).</summary>
    public static Task<bool> DeferredAsync(string id) =>
        TestDatabase.ScalarAsync<bool>("SELECT deferred FROM webhook_inbox WHERE id = @id", ("id", id));

    public static Task<long> CountAsync(string id) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhook_inbox WHERE id = @id", ("id", id));
}
