using System.Globalization;

namespace Sonae.Web.Hosting;

/// <summary>
/// A clock moved forward by an offset read from a file, for end-to-end tests that must see day 2 and day 40 of an
/// incident without waiting 40 days. Only the environment variable <see cref="Variable"/> turns it on (never
/// configuration, which an administrator edits), and only in the Development environment, which the tests set
/// (ASPNETCORE_ENVIRONMENT=Development); any other environment, Production by default, refuses to start with the
/// variable set, so a real server can never run on a false clock. The server logs a warning at start when it is on.
/// The file holds a whole number of seconds; it is read again when it changes, so a test can move time while the
/// server runs.
/// </summary>
public sealed class ShiftedClock(string path) : TimeProvider
{
    public const string Variable = "SONAE_TEST_CLOCK_FILE";

    private readonly Lock _lock = new();
    private DateTime _readAt = DateTime.MinValue;
    private TimeSpan _offset;

    /// <summary>The system clock, or a shifted one when the test variable is set in the Development environment.</summary>
    /// <exception cref="SonaeConfigurationException">The variable is set in any other environment.</exception>
    public static TimeProvider FromEnvironment(IHostEnvironment environment)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
            return System;
        if (!environment.IsDevelopment())
            throw new SonaeConfigurationException($"{Variable} is set, which moves the clock for the end-to-end tests and would make every deadline and time on the record false; it works only with ASPNETCORE_ENVIRONMENT=Development, and this server's environment is {environment.EnvironmentName}. Unset {Variable}.");
        return new ShiftedClock(path);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset();

    private TimeSpan Offset()
    {
        lock (_lock)
        {
            var changed = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
            if (changed != _readAt)
            {
                _readAt = changed;
                _offset = changed == DateTime.MinValue ? TimeSpan.Zero
                    : TimeSpan.FromSeconds(long.Parse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            }
            return _offset;
        }
    }
}
