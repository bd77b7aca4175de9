using System.Security.Cryptography;
using System.Text;

namespace Sonae.Web.Access;

/// <summary>
/// The one-time code that guards first-run setup: printed on the console of the machine Sonae runs on, so that
/// only someone at that machine can claim a fresh instance, not anyone else on the hospital network. Guessing is
/// slowed by a rate limit on the setup endpoint (<see cref="SetupEndpoints"/>): with 12 characters from 31 the
/// code cannot be guessed at that pace, and it never changes under someone's feet.
/// </summary>
public sealed partial class SetupCode(ILogger<SetupCode> logger) : IDisposable
{
    // No 0/O or 1/I/L: the code is read off a screen and typed by hand.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private readonly SemaphoreSlim _setup = new(1, 1);
    private string? _code;

    public bool IsActive => Volatile.Read(ref _code) is not null;

    /// <summary>Makes a new code and prints it.</summary>
    public string Issue()
    {
        var code = string.Join('-', Enumerable.Range(0, 3).Select(_ => new string(RandomNumberGenerator.GetItems<char>(Alphabet, 4))));
        Volatile.Write(ref _code, code);
        LogCode(logger, code);
        return code;
    }

    /// <summary>
    /// Runs <paramref name="setup"/> if the code is right, one setup at a time; the code is used up only when the
    /// setup succeeded. Returns false for a wrong code or when setup is no longer open.
    /// </summary>
    public async Task<bool> TryRun(string? candidate, Func<Task> setup)
    {
        await _setup.WaitAsync();
        try
        {
            var code = Volatile.Read(ref _code);
            if (code is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalize(candidate)), Encoding.UTF8.GetBytes(code)))
            {
                LogWrongCode(logger);
                return false;
            }
            await setup();
            Volatile.Write(ref _code, null);
            return true;
        }
        finally
        {
            _setup.Release();
        }
    }

    public void Dispose() => _setup.Dispose();

    /// <summary>For tests and the demo: the current code, read as if from the console.</summary>
    internal string? Peek() => Volatile.Read(ref _code);

    private static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant().Replace(' ', '-');

    [LoggerMessage(Level = LogLevel.Warning, Message = """

        ==============================================================
          初回セットアップコード / First-run setup code:  {Code}
          http://<このマシン>/api/v1/setup でこのコードを使って病院を登録します。
          Use it at /api/v1/setup to register your hospital.
        ==============================================================
        """)]
    private static partial void LogCode(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "First-run setup tried with a wrong code")]
    private static partial void LogWrongCode(ILogger logger);
}
