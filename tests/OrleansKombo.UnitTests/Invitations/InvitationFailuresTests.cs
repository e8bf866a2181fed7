using System.Net;
using OrleansKombo.Grains.Invitations;

namespace OrleansKombo.UnitTests.Invitations;

/// <summary>The one table from a channel's refusal to what it means for the invitation.</summary>
public sealed class InvitationFailuresTests
{
    [Fact]
    public void An_smtp_5xx_is_permanent_and_a_4xx_transient()
    {
        for (var code = 400; code < 600; code++)
        {
            Assert.Equal(code >= 500 ? InvitationFailure.Permanent : InvitationFailure.Transient, InvitationFailures.OfSmtpReply(code));
        }
    }

    [Fact]
    public void An_http_4xx_is_permanent_except_408_and_429_and_anything_else_transient()
    {
        for (var status = 300; status < 600; status++)
        {
            var permanent = status is >= 400 and < 500 && status != (int)HttpStatusCode.RequestTimeout && status != (int)HttpStatusCode.TooManyRequests;
            Assert.Equal(permanent ? InvitationFailure.Permanent : InvitationFailure.Transient, InvitationFailures.OfHttpStatus(status));
        }
    }
}
