namespace OrleansKombo.Gateway.Api;

/// <summary>
/// An API request that needs a grain: a cluster that does not answer in time gets the caller a 503 to retry, with
/// a log line that says what was asked.
/// </summary>
public static class ClusterCall
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<IResult> AnswerAsync<T>(Func<Task<T>> call, Func<T, IResult> answer, string what, ILogger logger,
        CancellationToken cancellationToken)
    {
        T value;
        try
        {
            value = await call().WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The cluster did not take the request to {Request}: {ErrorType}: {Error}", what, error.GetType().Name, error.Message);
            return ApiError.Result(StatusCodes.Status503ServiceUnavailable, $"The cluster did not take the request to {what}; retry shortly.");
        }
        return answer(value);
    }
}
