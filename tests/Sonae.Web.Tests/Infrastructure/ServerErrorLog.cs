using Microsoft.Extensions.Logging;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// Keeps every error the test servers log, with its exception, in one file (SONAE_TEST_SERVER_LOG, which test.sh sets
/// and prints when a suite fails), so that a 500 in CI comes with its cause and not only its status code.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private static readonly Lock Writing = new();
    private readonly string? _path = Environment.GetEnvironmentVariable("SONAE_TEST_SERVER_LOG");
    private readonly string _server;

    public ServerErrorLog(string server) => _server = server;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        if (_path is null)
            return;
        var entry = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {level} {_server} {category}{Environment.NewLine}  {message}{Environment.NewLine}"
            + (exception is null ? "" : exception + Environment.NewLine);
        lock (Writing)
            File.AppendAllText(_path, entry);
    }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && log._path is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log.Write(category, logLevel, formatter(state, exception), exception);
        }
    }
}
