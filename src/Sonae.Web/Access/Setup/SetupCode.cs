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

    /// <summary>What became of a setup attempt.</summary>
    public enum Attempt
    {
        Done,
        WrongCode,

        /// <summary>Setup is no longer open: someone set up first (perhaps with the same code, a moment earlier).</summary>
        AlreadyDone,
    }

    /// <summary>
    /// Runs <paramref name="setup"/> if the code is right, one setup at a time; the code is used up only when the
    /// setup succeeded. Whoever waited for another's setup is told it is done, whatever code they sent: several
    /// people sending the right code at once are not told it was wrong.
    /// </summary>
    public async Task<Attempt> TryRun(string? candidate, Func<Task> setup)
    {
        await _setup.WaitAsync();
        try
        {
            var code = Volatile.Read(ref _code);
            if (code is null)
                return Attempt.AlreadyDone;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalize(candidate)), Encoding.UTF8.GetBytes(code)))
            {
                LogWrongCode(logger);
                return Attempt.WrongCode;
            }
            await setup();
            Volatile.Write(ref _code, null);
            return Attempt.Done;
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
          ブラウザで http://<このマシン>/setup を開き、このコードで病院を登録します。
          Open /setup in a browser and register your hospital with it (or POST it to /api/v1/setup).
        ==============================================================
        """)]
    private static partial void LogCode(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "First-run setup tried with a wrong code")]
    private static partial void LogWrongCode(ILogger logger);
}
