using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// Every log line the test silos and gateways write, kept in memory (the newest lines win) so a test can prove that
/// something, such as a candidate's phone number, never reached a log.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int Capacity = 200_000;
    private static readonly ConcurrentQueue<string> Lines = new();

    public static IReadOnlyCollection<string> All => Lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            while (Lines.Count > Capacity && Lines.TryDequeue(out _))
            {
            }
        }
    }
}
