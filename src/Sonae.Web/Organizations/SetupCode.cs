using System.Security.Cryptography;
using System.Text;

namespace Sonae.Web.Organizations;

/// <summary>
/// The one-time code that guards first-run setup: printed on the console of the machine Sonae runs on, so that
/// only someone at that machine can claim a fresh instance, not anyone else on the hospital network. After too
/// many wrong tries the code is replaced (and printed again).
/// </summary>
public sealed partial class SetupCode(ILogger<SetupCode> logger)
{
    public const int MaxWrongAttempts = 10;

    // No 0/O or 1/I/L: the code is read off a screen and typed by hand.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private readonly Lock _lock = new();
    private string? _code;
    private int _wrongAttempts;

    public bool IsActive
    {
        get
        {
            lock (_lock)
                return _code is not null;
        }
    }

    /// <summary>Makes a new code and prints it.</summary>
    public string Issue()
    {
        var code = string.Join('-', Enumerable.Range(0, 3).Select(_ => new string(RandomNumberGenerator.GetItems<char>(Alphabet, 4))));
        lock (_lock)
        {
            _code = code;
            _wrongAttempts = 0;
        }
        LogCode(logger, code);
        return code;
    }

    /// <summary>Checks a code in constant time; the right code is used up. A code only works while setup is open.</summary>
    public bool TryConsume(string? candidate)
    {
        lock (_lock)
        {
            if (_code is null)
                return false;
            var given = Encoding.UTF8.GetBytes(Normalize(candidate));
            var expected = Encoding.UTF8.GetBytes(_code);
            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                _code = null;
                return true;
            }
        }
        if (Interlocked.Increment(ref _wrongAttempts) >= MaxWrongAttempts)
        {
            LogTooManyAttempts(logger);
            Issue();
        }
        return false;
    }

    public void Close()
    {
        lock (_lock)
            _code = null;
    }

    /// <summary>For tests and the demo: the current code, read as if from the console.</summary>
    internal string? Peek()
    {
        lock (_lock)
            return _code;
    }

    private static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant().Replace(' ', '-');

    [LoggerMessage(Level = LogLevel.Warning, Message = """

        ==============================================================
          初回セットアップコード / First-run setup code:  {Code}
          http://<このマシン>/api/v1/setup でこのコードを使って病院を登録します。
          Use it at /api/v1/setup to register your hospital.
        ==============================================================
        """)]
    private static partial void LogCode(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many wrong setup codes: a new code replaces the old one.")]
    private static partial void LogTooManyAttempts(ILogger logger);
}
