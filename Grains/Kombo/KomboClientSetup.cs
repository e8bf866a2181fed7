using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace OrleansKombo.Grains.Kombo;

public static class KomboClientSetup
{
    /// <summary>
    /// One Kombo client with one resilience policy, chosen per integration (<c>X-Integration-Id</c>), so one
    /// customer's failing ATS opens only its own circuit:
    /// what <see cref="KomboErrors"/> calls transient or throttled is retried with exponential backoff and jitter
    /// (a <c>Retry-After</c> of up to <see cref="LongestRetryAfterInline"/> is honoured; a longer one goes to the caller); everything else, "not ready yet" included, goes to the caller at once.
    /// </summary>
    public static IServiceCollection AddKomboClient(this IServiceCollection services, KomboOptions options)
    {
        var settings = new RefitSettings
        {
            ContentSerializer = new SystemTextJsonContentSerializer(KomboJson.Tolerant),
            ExceptionFactory = KomboExceptionFactory.CreateAsync,
        };
        services.AddRefitGeneratedClient<IKomboApi>(settings)
            .ConfigureHttpClient(client =>
            {
                client.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/'));
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("kombo", pipeline => pipeline
                .AddTimeout(TimeSpan.FromMinutes(3))
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 6,
                    Delay = TimeSpan.FromSeconds(1),
                    MaxDelay = TimeSpan.FromSeconds(60),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    // A POST into the ATS that got no answer may have been applied: repeating it here could post a second
                    // result link or note, so the caller (AtsResultWriter) decides; Kombo's error answers are retried as usual.
                    ShouldHandle = args => args.Outcome.Result is null && UnsafeToRepeat(args.Context.GetRequestMessage())
                        ? ValueTask.FromResult(false)
                        : IsTransientAsync(args.Outcome),
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                    // A 429 is Kombo pacing us, not Kombo failing: the retry above waits it out; it must not open the circuit.
                    ShouldHandle = async args => args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests
                        && await IsTransientAsync(args.Outcome),
                })
                .AddTimeout(TimeSpan.FromSeconds(30)))
            .SelectPipelineBy(_ => request =>
                request.Headers.TryGetValues("X-Integration-Id", out var ids) ? ids.First() : "");
        return services;
    }

    /// <summary>
    /// A longer <c>Retry-After</c> is not waited out inside a call (it would hold the call and eat its 3-minute budget):
    /// the caller gets the error at once and waits on its own schedule (the pull's setback, the assessment grain's retry).
    /// </summary>
    public static readonly TimeSpan LongestRetryAfterInline = TimeSpan.FromSeconds(10);

    /// <summary>A POST under <c>/ats/</c>: a result link, a note, a tag; Kombo takes no idempotency key for them.</summary>
    private static bool UnsafeToRepeat(HttpRequestMessage? request) =>
        request is { RequestUri: { } uri } && request.Method == HttpMethod.Post && uri.AbsolutePath.Contains("/ats/", StringComparison.Ordinal);

    private static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is not { IsSuccessStatusCode: false } response)
        {
            // No answer at all (connection refused or reset, a timeout) is worth retrying; a success never is.
            return HttpClientResiliencePredicates.IsTransient(outcome);
        }
        // Kombo's error code decides (KomboErrors): "not ready yet" is waited out by the caller, not retried here.
        return await KomboExceptionFactory.CreateAsync(response) is KomboApiException { IsTransient: true } error
            && !(error.RetryAfter > LongestRetryAfterInline);
    }
}
