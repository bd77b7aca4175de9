using System.Diagnostics;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>The <c>sonae</c> program run as its own process, as an operator runs its verbs at the server's console.</summary>
public static class CommandLine
{
    /// <summary>A verb on the factory's database: exit code, standard output, standard error.</summary>
    public static Task<(int Exit, string Out, string Error)> Sonae(SonaeFactory factory, params string[] args) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), .. args, .. factory.StorageArguments]);

    public static async Task<(int Exit, string Out, string Error)> Run(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["LANG"] = "ja_JP.UTF-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
