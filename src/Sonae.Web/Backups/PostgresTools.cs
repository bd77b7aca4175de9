using System.Diagnostics;
using Npgsql;

namespace Sonae.Web.Backups;

/// <summary>
/// PostgreSQL's own client programs (<c>pg_dump</c>, <c>pg_restore</c>), found on PATH and run against the database of
/// Sonae's connection string: host, port, user and database as arguments, the password and SSL mode in the
/// environment (never on a command line another user could list).
/// </summary>
public static class PostgresTools
{
    /// <summary>The program's full path on PATH, or null when it is not installed.</summary>
    public static string? Find(string program)
    {
        var name = OperatingSystem.IsWindows() ? program + ".exe" : program;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs the program to its end: its exit code and what it wrote on standard error.</summary>
    public static async Task<(int Exit, string Error)> Run(string program, string connectionString, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--host", connection.Host ?? "localhost", "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--username", connection.Username ?? Environment.UserName, "--dbname", connection.Database ?? "postgres", "--no-password" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        if (connection.Password is { Length: > 0 } password)
            start.Environment["PGPASSWORD"] = password;
        start.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output;
        return (process.ExitCode, (await error).Trim());
    }
}
