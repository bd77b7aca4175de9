using Microsoft.AspNetCore.Identity;
using Sonae.Data.Access;
using Sonae.Web.Resources;

namespace Sonae.Web.Access;

/// <summary>
/// What a password must be besides long (12 characters, Identity's options): not the person's own name in it, and
/// not one of the passwords people pick first. There is no breached-password list here (Sonae works offline); the
/// list below is short and catches the obvious.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<Account>
{
    public const int MinimumLength = 12;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890ab", "111111111111", "000000000000", "123123123123", "password1234", "password123!",
        "passwordpassword", "qwertyuiop12", "qwerty123456", "qwertyuiopas", "asdfghjkl123", "abcdefghijkl", "abc123abc123",
        "iloveyou1234", "welcome12345", "administrator", "admin1234567", "letmein12345", "changeme1234", "sonae1234567",
        "hospital1234", "byouin123456", "byouin1234567", "kanri1234567", "p@ssw0rd1234", "passw0rd1234", "zaq12wsxcde3",
        "1qaz2wsx3edc", "monkey123456", "dragon123456", "sakura123456", "nurse1234567", "doctor123456", "iryou1234567",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success);
        var errors = new List<IdentityError>();
        if (Common.Contains(password))
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = UiTexts.PasswordCommon });
        foreach (var name in new[] { user.UserName, user.DisplayName })
        {
            if (name is { Length: >= 3 } && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new IdentityError { Code = "PasswordContainsName", Description = UiTexts.PasswordContainsName });
                break;
            }
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}

/// <summary>Identity's refusals in the person's language (the ones Sonae's forms can meet).</summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };

    private static string Format(string text, params object?[] values) => string.Format(System.Globalization.CultureInfo.CurrentCulture, text, values);

    public override IdentityError DefaultError() => Error(nameof(DefaultError), UiTexts.IdentityDefaultError);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), UiTexts.IdentityConcurrency);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), UiTexts.IdentityPasswordMismatch);

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), UiTexts.AccountSetupLinkInvalid);

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), UiTexts.AccountCodeWrong);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), Format(UiTexts.IdentityInvalidUserName, userName));

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), Format(UiTexts.IdentityDuplicateUserName, userName));

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), Format(UiTexts.IdentityPasswordTooShort, length));

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), Format(UiTexts.IdentityPasswordUniqueChars, uniqueChars));

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), UiTexts.IdentityDefaultError);
}
