using Refit;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// The Kombo endpoints we call (../shared/kombo/openapi.json). Every call is for one integration, named by
/// <c>X-Integration-Id</c>; the resilience pipeline (retries, circuit breaker) is chosen by that header.
/// </summary>
public interface IKomboApi
{
    /// <summary><c>GET /ats/{model}</c>: one page. Filters must be sent again with every page.</summary>
    [Get("/ats/{path}")]
    Task<KomboResponse<KomboPage>> ListAsync(
        string path,
        [Query] IDictionary<string, string> query,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);

    /// <summary><c>PUT /assessment/packages</c>: replaces the whole set.</summary>
    [Put("/assessment/packages")]
    Task<KomboResponse<object>> SetPackagesAsync(
        [Body] KomboPackagesBody packages,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);

    /// <summary><c>GET /assessment/orders</c>: filters <c>statuses</c>, <c>created_after</c>, <c>ids</c>; paged.</summary>
    [Get("/assessment/orders")]
    Task<KomboResponse<KomboPage>> ListOrdersAsync(
        [Query] IDictionary<string, string> query,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);

    /// <summary><c>PUT /assessment/orders/{id}/result</c>.</summary>
    [Put("/assessment/orders/{orderId}/result")]
    Task<KomboResponse<object>> UpdateOrderResultAsync(
        string orderId,
        [Body] KomboResultBody result,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);

    /// <summary><c>GET /integrations/{id}</c>: the integration's details, its <c>write_actions</c> among them.</summary>
    [Get("/integrations/{integrationId}")]
    Task<KomboResponse<System.Text.Json.JsonElement>> GetIntegrationAsync(
        string integrationId,
        [Header("X-Integration-Id")] string integrationHeader,
        CancellationToken cancellationToken);

    /// <summary><c>PUT /ats/applications/{id}/stage</c>: to a stage allowed for the application's job.</summary>
    [Put("/ats/applications/{applicationId}/stage")]
    Task<KomboResponse<object>> MoveApplicationToStageAsync(
        string applicationId,
        [Body] AtsStageBody body,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);

    /// <summary><c>POST /ats/candidates/{id}/tags</c>: Kombo finds the tag by its name.</summary>
    [Post("/ats/candidates/{candidateId}/tags")]
    Task<KomboResponse<object>> AddCandidateTagAsync(
        string candidateId,
        [Body] AtsTagBody body,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);

    /// <summary><c>POST /ats/applications/{id}/{action}</c> for <c>result-links</c>, <c>notes</c> and <c>attachments</c>.</summary>
    [Post("/ats/applications/{applicationId}/{action}")]
    Task<KomboResponse<object>> PostApplicationActionAsync(
        string applicationId,
        string action,
        [Body] object body,
        [Header("X-Integration-Id")] string integrationId,
        CancellationToken cancellationToken);
}
