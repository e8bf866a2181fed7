namespace OrleansKombo.Gateway.Api;

/// <summary>
/// An API request that needs a grain: a cluster that does not answer in time gets the caller a 503 to retry, with
/// a log line that says what was asked.
/// </summary>
public static class ClusterCall
{
    /// <summary>How long the gateway waits for any grain, for an API request or a webhook; longer means the cluster is not answering.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task<IResult> AnswerAsync<T>(Func<Task<T>> call, Func<T, IResult> answer, string what, ILogger logger,
        CancellationToken cancellationToken)
    {
        T value = default!;
        return AnswerAsync(async () => value = await call(), () => answer(value), what, logger, cancellationToken);
    }

    public static async Task<IResult> AnswerAsync(Func<Task> call, Func<IResult> answer, string what, ILogger logger,
        CancellationToken cancellationToken) =>
        await FailureAsync(call, what, logger, cancellationToken) ?? answer();

    /// <summary>As <see cref="AnswerAsync{T}"/>, for an answer read (from PostgreSQL) once the grain has acted.</summary>
    public static async Task<IResult> AnswerAfterAsync<T>(Func<Task<T>> call, Func<T, Task<IResult>> answer, string what, ILogger logger,
        CancellationToken cancellationToken)
    {
        T value = default!;
        return await FailureAsync(async () => value = await call(), what, logger, cancellationToken) ?? await answer(value);
    }

    /// <summary>Null when the grain took the call; the 503 otherwise.</summary>
    public static async Task<IResult?> FailureAsync(Func<Task> call, string what, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await call().WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The cluster did not take the request to {Request}: {ErrorType}: {Error}", what, error.GetType().Name, error.Message);
            return ApiError.Result(StatusCodes.Status503ServiceUnavailable, $"The cluster did not take the request to {what}; retry shortly.");
        }
        return null;
    }
}
