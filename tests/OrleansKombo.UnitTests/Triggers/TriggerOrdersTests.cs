using OrleansKombo.Grains.Triggers;

namespace OrleansKombo.UnitTests.Triggers;

/// <summary>A triggered order as Kombo's order event would carry it, from the application the pull keeps.</summary>
public sealed class TriggerOrdersTests
{
    [Fact]
    public void The_order_names_the_application_the_candidate_and_the_first_email_and_never_a_phone_number()
    {
        var order = TriggerOrders.Order("int-1", "trg_1", "pkg", """
            {"id":"app-1","remote_id":"r-app-1","job_id":"job-1",
             "candidate":{"id":"cand-1","remote_id":"r-cand-1","first_name":"Ada","last_name":"Lovelace",
                          "email_addresses":[{"email_address":"","type":"WORK"},{"email_address":"ada@example.com","type":"PRIVATE"}]}}
            """, "r-job-1", "Engineer");

        Assert.Equal(("trg_1", "pkg", "int-1"), (order.Id, order.PackageId, order.IntegrationId));
        Assert.Equal(("app-1", "r-app-1"), (order.Application!.Id, order.Application.RemoteId));
        Assert.Equal(("r-cand-1", "ada@example.com", "Ada", "Lovelace", (string?)null),
            (order.Candidate!.RemoteId, order.Candidate.Email, order.Candidate.FirstName, order.Candidate.LastName, order.Candidate.Phone));
        Assert.Equal(("r-job-1", "Engineer"), (order.Job!.RemoteId, order.Job.Name));
    }

    [Fact]
    public void An_application_without_a_candidate_gives_an_order_without_an_email_which_the_decider_rejects()
    {
        var order = TriggerOrders.Order("int-1", "trg_2", "pkg", """{"id":"app-2","candidate":null}""", null, null);

        Assert.Null(order.Candidate!.Email);
        Assert.Equal("app-2", order.Application!.Id);
    }
}
