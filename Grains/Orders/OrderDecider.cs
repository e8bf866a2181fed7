using System.Security.Cryptography;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// Decides a new order, once: accepted (with its link, and the invitation to send unless the ATS redirects the candidate
/// to it) or rejected with a message a recruiter can act on. The candidate's phone number is dropped here, before
/// anything is stored or logged. The order grain stores the decision and keeps it for every repeat.
/// </summary>
public sealed class OrderDecider(IOrderFacts facts, OrdersOptions options, InvitationOptions invitations, TimeProvider clock)
{
    /// <summary>What an order without a <c>candidate</c> object is stored with (it is rejected: no email).</summary>
    private static readonly OrderCandidate NoCandidate = new(null, null, null, null, null);

    /// <returns>The decided order, and the invitation to send with it (null: rejected, or inline and not emailed).</returns>
    public async Task<(OrderState State, InvitationMessage? Invitation)> DecideAsync(string orderId, AssessmentOrderReceived order, bool inline, OrderSource source)
    {
        var now = clock.GetUtcNow();
        var (rejection, package) = await AssessAsync(order);
        var candidate = (order.Candidate ?? NoCandidate) with { Phone = null };
        var history = new List<OrderEvent> { new(OrderStatus.Received, now, source switch
        {
            OrderSource.Reconciliation => "found by reconciliation",
            OrderSource.Trigger => "started by a trigger rule",
            _ => null,
        }) };
        OrderDetails Details(OrderStatus status, string? flag, Invitation? invitation) =>
            new(orderId, order.IntegrationId, order.PackageId, status, source, inline, candidate, order.Application, order.Job, rejection, flag,
                invitation, null, null, history);

        if (rejection is not null)
        {
            // Kombo cannot hear a rejection of an order it already holds as OPEN, and nobody asked for a triggered one: an
            // operator has to follow it up.
            var flag = source is OrderSource.Reconciliation or OrderSource.Trigger ? rejection : null;
            history.Add(new OrderEvent(OrderStatus.Rejected, now, rejection));
            return (new OrderState { Decision = OrderDecision.Reject(rejection), ReceivedAt = now, Details = Details(OrderStatus.Rejected, flag, null) }, null);
        }

        var link = Link(orderId);
        var status = OrderStatus.Received;
        if (inline)
        {
            // The ATS redirects the candidate to the link in our answer: invited now, and by default not emailed too.
            status = OrderStatus.Invited;
            history.Add(new OrderEvent(OrderStatus.Invited, now, "redirected to the assessment by the ATS (inline)"));
        }
        var emailed = !inline || options.EmailInlineCandidates;
        var invitation = emailed
            ? new Invitation(InvitationOutbox.Name(invitations.Channel), InvitationStatus.Pending, link, null)
            : new Invitation(Invitation.InlineChannel, InvitationStatus.Sent, link, now);
        var state = new OrderState { Decision = OrderDecision.Accept(link), ReceivedAt = now, Details = Details(status, null, invitation) };
        // Sent to the address the email rule reads, with the name a display-name form carried kept beside it.
        var message = emailed && EmailAddress.TryParse(candidate.Email, out var address, out _)
            ? new InvitationMessage(orderId, order.IntegrationId, address.Address, candidate.FirstName, candidate.LastName, order.Job?.Name,
                order.PackageId, package!.Name, link, address.Name)
            : null;
        return (state, message);
    }

    /// <summary>The order's page under <c>Orders:AssessmentBaseUrl</c>.</summary>
    public string Page(string orderId) => $"{options.AssessmentBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(orderId)}";

    /// <summary>The order's page plus a random token, so a link cannot be guessed from an order id alone.</summary>
    private string Link(string orderId) => $"{Page(orderId)}?token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>The address as the recruiter typed it, unless it is too long or not clean text to repeat.</summary>
    private static string Quoted(string email) =>
        email.Length <= EmailAddress.MaxTextLength && !email.Any(c => char.IsControl(c) || char.IsSurrogate(c)) ? $" '{email}'" : "";

    /// <returns>Why the order is rejected, in words a recruiter can act on, or the package it is for.</returns>
    private async Task<(string? Rejection, AssessmentPackage? Package)> AssessAsync(AssessmentOrderReceived order)
    {
        var integration = await facts.IntegrationStateAsync(order.IntegrationId);
        if (integration != IntegrationLifecycle.Active)
        {
            return ($"The ATS connection to our assessment platform is {KomboJson.Name(integration).ToLowerInvariant()}, so we cannot run assessments for it. "
                + "Ask your administrator to reconnect the integration, then order again.", null);
        }
        var lookup = await facts.FindPackageAsync(order.IntegrationId, order.PackageId);
        switch (lookup.Offer)
        {
            case PackageOffer.Withdrawn:
                return ($"The assessment package '{order.PackageId}' has been withdrawn and can no longer be ordered. Choose one of the packages on offer.", null);
            case PackageOffer.Unknown:
                return ($"The assessment package '{order.PackageId}' is not one we offer. Choose one of the packages listed in your ATS.", null);
        }
        if (string.IsNullOrWhiteSpace(order.Candidate?.Email))
        {
            return ("The candidate has no email address in the ATS, so we cannot send the assessment. Add one and order again.", null);
        }
        if (!EmailAddress.TryParse(order.Candidate.Email, out _, out var problem))
        {
            return ($"The candidate's email address{Quoted(order.Candidate.Email)} is not valid: it {problem}. We cannot send the assessment; "
                + "correct the address in the ATS and order again.", null);
        }
        if (options.RejectInactiveJobs && order.Job?.RemoteId is { } jobRemoteId
            && await facts.InactiveJobStateAsync(order.IntegrationId, jobRemoteId) is { } jobState)
        {
            return ($"The job '{order.Job.Name ?? jobRemoteId}' is {jobState.ToLowerInvariant()} in the ATS, so no new assessments are started for it. "
                + "Reopen the job to order one.", null);
        }
        return (null, lookup.Package);
    }
}
