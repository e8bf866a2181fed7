using System.Text.RegularExpressions;
using OrleansKombo.Assessment;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.JobLinks;
using OrleansKombo.JobSelection;
using OrleansKombo.Orders;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

/// <summary>
/// Each status word lives in one C# constant (or enum) that every statement passes as a parameter. An applied migration
/// cannot be edited, so its CHECK constraints are the one second copy: these tests hold them to the constants.
/// </summary>
public sealed class StatusWordsTests
{
    public static TheoryData<string, string, string[]> Columns() => new()
    {
        { "webhook_inbox", "status", InboxStatus.All },
        { "invitation_outbox", "status", InvitationStatus.All },
        { "invitation_outbox", "channel", Enum.GetValues<InvitationChannel>().Select(InvitationOutbox.Name).ToArray() },
        { "orders", "status", Enum.GetValues<OrderStatus>().Select(s => KomboJson.Name(s)).ToArray() },
        { "orders", "write_back_status", Enum.GetValues<WriteStatus>().Select(s => KomboJson.Name(s)).ToArray() },
        { "job_links", "status", JobLinkStatuses.All.ToArray() },
        { "job_links", "matched_on", JobLinkKeys.InOrder.Select(JobLinkKeys.Name).ToArray() },
        { "job_selection_modes", "mode", Enum.GetValues<JobSelectionMode>().Select(m => KomboJson.Name(m)).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task A_status_column_allows_exactly_the_words_of_its_constants(string table, string column, string[] words)
    {
        await TestDatabase.EnsureMigratedAsync();

        var definition = await TestDatabase.ScalarAsync<string>("""
            SELECT string_agg(pg_get_constraintdef(c.oid), ' ')
              FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
             WHERE t.relname = @table AND c.contype = 'c' AND pg_get_constraintdef(c.oid) ~ ('\m' || @column || ' = ANY')
            """, ("table", table), ("column", column));

        Assert.NotNull(definition);
        var allowed = Regex.Matches(definition, @"'([^']*)'::text").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(words.Order(StringComparer.Ordinal), allowed);
    }
}
