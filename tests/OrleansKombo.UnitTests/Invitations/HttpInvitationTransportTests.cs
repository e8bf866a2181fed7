using System.Net;
using System.Text.Json;
using OrleansKombo.Grains.Invitations;

namespace OrleansKombo.UnitTests.Invitations;

/// <summary>The vendor platform's callback: its answer's status decides, and it gets the address the email rule reads.</summary>
public sealed class HttpInvitationTransportTests
{
    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(status);
        }
    }

    private static readonly InvitationOptions Options = new() { Channel = InvitationChannel.Http, CallbackUrl = "https://platform.example/invitations" };

    private static InvitationMessage Invitation(string email) =>
        new("order-1", "integration-1", email, "Ada", "Lovelace", "Engineer", "pkg-1", "Skills test", "https://assessments.example.com/take/order-1");

    [Theory]
    [InlineData(400, InvitationFailure.Permanent)]
    [InlineData(404, InvitationFailure.Permanent)]
    [InlineData(422, InvitationFailure.Permanent)]
    [InlineData(408, InvitationFailure.Transient)]
    [InlineData(429, InvitationFailure.Transient)]
    [InlineData(500, InvitationFailure.Transient)]
    [InlineData(503, InvitationFailure.Transient)]
    public async Task A_refused_callback_is_permanent_or_transient_by_its_status(int status, InvitationFailure expected)
    {
        var transport = new HttpInvitationTransport(new HttpClient(new Answering((HttpStatusCode)status)), Options);

        var failure = await Assert.ThrowsAsync<InvitationNotSent>(() => transport.SendAsync(Invitation("ada@example.com"), CancellationToken.None));

        Assert.Equal(expected, failure.Kind);
    }

    [Fact]
    public async Task The_platform_gets_the_address_the_email_rule_reads_and_nothing_for_one_it_refuses()
    {
        var platform = new Answering(HttpStatusCode.OK);
        var transport = new HttpInvitationTransport(new HttpClient(platform), Options);

        await transport.SendAsync(Invitation("Jane Roe <jane.roe@example.com>"), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<InvitationNotSent>(() => transport.SendAsync(Invitation("jane@localhost"), CancellationToken.None));

        var body = JsonDocument.Parse(Assert.Single(platform.Bodies)).RootElement;
        Assert.Equal("jane.roe@example.com", body.GetProperty("candidate").GetProperty("email").GetString());
        Assert.Equal(InvitationFailure.Permanent, refused.Kind);
    }
}
