using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// Every line a test server logs at the levels its configuration lets through (as its console would write them: the
/// message and any exception), kept in memory so a test can say what the server log must never hold (a link's secret).
/// </summary>
public sealed class ServerLogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Whether any line logged so far contains <paramref name="text"/>.</summary>
    public bool Contains(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public int Count => _lines.Count;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLogLines lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines._lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {exception}");
    }
}
