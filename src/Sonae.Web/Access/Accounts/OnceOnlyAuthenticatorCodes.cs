using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Sonae.Data.Access;

namespace Sonae.Web.Access;

/// <summary>
/// Authenticator-app codes that work once. Identity's own provider accepts a code as often as it is typed while it
/// is valid (two 30-second steps either side of now); this one remembers the last step each account used and
/// refuses that step and any before it (RFC 6238 §5.2), so a code read over a shoulder or caught by a fake sign-in
/// page is spent as soon as its owner uses it. The step is saved with the account's concurrency stamp, so two
/// requests racing with one code cannot both pass. Codes are checked on the system clock, as the phone's app makes
/// them.
/// </summary>
public sealed class OnceOnlyAuthenticatorCodes : AuthenticatorTokenProvider<Account>
{
    private const string Store = "[Sonae]";
    private const string LastStep = "LastAuthenticatorStep";
    private static readonly VerificationWindow Window = new(previous: 2, future: 2);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<Account> manager, Account user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token.Length != 6 || !token.All(char.IsAsciiDigit))
            return false;
        if (!new Totp(Base32Encoding.ToBytes(key)).VerifyTotp(DateTime.UtcNow, token, out var step, Window))
            return false;
        if (long.TryParse(await manager.GetAuthenticationTokenAsync(user, Store, LastStep), NumberStyles.None, CultureInfo.InvariantCulture, out var used) && step <= used)
            return false;
        try
        {
            return (await manager.SetAuthenticationTokenAsync(user, Store, LastStep, step.ToString(CultureInfo.InvariantCulture))).Succeeded;
        }
        catch (DbUpdateException)
        {
            // Two first-ever codes racing both insert the step's row: the second is refused, not an error.
            return false;
        }
    }
}
