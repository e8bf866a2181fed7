using System.Net.Http.Json;

namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// The vendor platform's callback: one POST per invitation with <c>Idempotency-Key: &lt;order id&gt;</c>, so the
/// platform can drop a repeat (a send whose answer we never saw is repeated, unlike an email).
/// </summary>
public sealed class HttpInvitationTransport(HttpClient http, InvitationOptions options) : IInvitationTransport
{
    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SendAsync(InvitationMessage message, CancellationToken cancellationToken)
    {
        // The email rule holds for the platform too: it gets the address we would send to, or nothing at all.
        if (!EmailAddress.TryParse(message.Email, out var email, out var problem))
        {
            throw new InvitationNotSent($"not sent: the candidate's email address {problem}", InvitationFailure.Permanent);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, options.CallbackUrl)
        {
            Content = JsonContent.Create(new
            {
                order_id = message.OrderId,
                integration_id = message.IntegrationId,
                candidate = new { email = email.Address, first_name = message.FirstName, last_name = message.LastName },
                job_name = message.JobName,
                package = new { id = message.PackageId, name = message.PackageName },
                link = message.Link,
            }),
        };
        request.Headers.Add("Idempotency-Key", message.OrderId);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException || error is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The callback URL may carry the vendor's credential: the error (logged, and shown as last_error) names only its host.
            throw new InvitationNotSent($"callback {Redact.Endpoint(options.CallbackUrl)} failed: {error.Message}", inDoubt: true, error);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new InvitationNotSent($"callback {Redact.Endpoint(options.CallbackUrl)} answered {status}", InvitationFailures.OfHttpStatus(status));
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
