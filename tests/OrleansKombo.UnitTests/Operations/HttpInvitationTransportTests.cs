using System.Net;
using OrleansKombo.Grains.Invitations;

namespace OrleansKombo.UnitTests.Operations;

/// <summary>
/// A failed callback is logged and shown (the outbox's last_error) naming the vendor's host, never the callback URL's
/// path or query, which may be its credential.
/// </summary>
public sealed class HttpInvitationTransportTests
{
    private const string CallbackUrl = "https://hooks.vendor.example/invite/SECRET-PATH?key=SECRET-QUERY";

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private static InvitationMessage Message() => new("order-1", "integration-1", "ada@example.com", "Ada", "Lovelace", "Analyst",
        "pkg-1", "Package", "https://assessments.example.com/take/order-1?token=0123");

    private static async Task<InvitationNotSent> FailureAsync(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        await using var transport = new HttpInvitationTransport(new HttpClient(new Answering(answer)),
            new InvitationOptions { Channel = InvitationChannel.Http, CallbackUrl = CallbackUrl });
        return await Assert.ThrowsAsync<InvitationNotSent>(() => transport.SendAsync(Message(), CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_callback_names_the_host_only()
    {
        var failure = await FailureAsync(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        Assert.Equal("callback https://hooks.vendor.example/*** answered 500", failure.Message);
    }

    [Fact]
    public async Task An_unreachable_callback_names_the_host_only()
    {
        var failure = await FailureAsync(_ => throw new HttpRequestException("Connection refused (hooks.vendor.example:443)"));

        Assert.DoesNotContain("SECRET", failure.Message);
        Assert.StartsWith("callback https://hooks.vendor.example/*** failed", failure.Message);
    }

    [Fact]
    public void A_malformed_callback_url_is_not_echoed_in_the_start_up_error()
    {
        var problem = new InvitationOptions { Channel = InvitationChannel.Http, CallbackUrl = "hooks.vendor.example/SECRET-PATH" }.Problem();

        Assert.StartsWith("Invitations:CallbackUrl", problem);
        Assert.DoesNotContain("SECRET", problem);
    }
}
