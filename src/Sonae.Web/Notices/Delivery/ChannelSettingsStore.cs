using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>A hospital's channels as kept, with whether a mail password is kept (never the password itself) and who changed them last.</summary>
public sealed record ChannelsView(ChannelSettings Settings, bool HasPassword, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>What a save does to the kept mail password.</summary>
public abstract record PasswordChange
{
    private PasswordChange()
    {
    }

    /// <summary>Keep the password kept (a form that leaves the field empty).</summary>
    public static PasswordChange Keep { get; } = new KeepIt();

    /// <summary>Forget the password.</summary>
    public static PasswordChange Remove { get; } = new RemoveIt();

    /// <summary>Keep this password from now on.</summary>
    public static PasswordChange To(string password) => new SetTo(password);

    /// <summary>Keep what is kept.</summary>
    public sealed record KeepIt : PasswordChange;

    /// <summary>Forget it.</summary>
    public sealed record RemoveIt : PasswordChange;

    /// <summary>A new password.</summary>
    public sealed record SetTo(string Password) : PasswordChange;
}

/// <summary>
/// Reads and keeps a hospital's channel settings (<c>ChannelSettings</c>: the mail server and the webhooks, JSON
/// each). The mail password is kept protected with ASP.NET Core Data Protection, whose keys are the installation's
/// (in the database, docs/operations.md): it is read back only to sign in to the mail server, never shown or
/// answered by the API. A hospital's own requests read through the tenant filter; the dispatcher reads any
/// hospital's (<see cref="ForSending"/>).
/// </summary>
public sealed class ChannelSettingsStore(SonaeDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string Purpose = "Sonae.Notices.Delivery.MailPassword.v1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The calling hospital's channels (none set up: no mail server, no webhook).</summary>
    public async Task<ChannelsView> Load(CancellationToken cancellationToken)
    {
        var row = await db.ChannelSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var (settings, password) = Read(row);
        return new ChannelsView(settings, password is not null, row?.ChangedAt, row?.ChangedBy);
    }

    /// <summary>A hospital's channels with the mail password in clear, to send with; any hospital, for the dispatcher.</summary>
    public async Task<(ChannelSettings Settings, string? Password)> ForSending(Guid organizationId, CancellationToken cancellationToken)
    {
        var row = await db.ChannelSettings.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(s => s.OrganizationId == organizationId, cancellationToken);
        var (settings, password) = Read(row);
        return (settings, password is null ? null : Unprotect(password));
    }

    /// <summary>
    /// The password in clear; null when the installation's keys no longer open it (a database moved without its key
    /// ring): the mail server then refuses the sign-in, which the channel's state says, and the password is typed again.
    /// </summary>
    private string? Unprotect(string password)
    {
        try
        {
            return protection.CreateProtector(Purpose).Unprotect(password);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="settings"/> as the calling hospital's channels, the password as <paramref name="password"/> says.</summary>
    public async Task<ChannelsView> Save(Guid organizationId, ChannelSettings settings, PasswordChange password, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(password);
        var row = await db.ChannelSettings.SingleOrDefaultAsync(cancellationToken);
        var kept = Read(row).Password;
        var protectedPassword = settings.Mail?.User is null ? null : password switch
        {
            PasswordChange.SetTo to => protection.CreateProtector(Purpose).Protect(to.Password),
            PasswordChange.RemoveIt => null,
            _ => kept,
        };
        if (row is null)
        {
            row = new ChannelSettingsRow { OrganizationId = organizationId, Webhooks = "[]", ChangedBy = changedBy };
            db.ChannelSettings.Add(row);
        }
        row.Mail = settings.Mail is { } mail
            ? JsonSerializer.Serialize(new StoredMail(mail.Host, mail.Port, mail.Security.Id(), mail.User, protectedPassword, mail.FromAddress, mail.FromName), Json)
            : null;
        row.Webhooks = JsonSerializer.Serialize(settings.Webhooks.Select(w => new StoredWebhook(w.Id, w.Name, w.Format.Id(), w.Url)), Json);
        row.ChangedAt = clock.GetUtcNow();
        row.ChangedBy = changedBy;
        await db.SaveChangesAsync(cancellationToken);
        return new ChannelsView(settings, protectedPassword is not null, row.ChangedAt, changedBy);
    }

    private static (ChannelSettings Settings, string? Password) Read(ChannelSettingsRow? row)
    {
        if (row is null)
            return (ChannelSettings.None, null);
        var mail = row.Mail is null ? null : JsonSerializer.Deserialize<StoredMail>(row.Mail, Json);
        var webhooks = JsonSerializer.Deserialize<List<StoredWebhook>>(row.Webhooks, Json) ?? [];
        var server = mail is null ? null : new MailServer(mail.Host, mail.Port,
            ChannelRules.TryParseSecurity(mail.Security, out var security) ? security : MailSecurity.StartTls, mail.User, mail.FromAddress, mail.FromName);
        return (new ChannelSettings(server, [.. webhooks.Select(w => new Webhook(w.Id, w.Name, ChannelRules.TryParseFormat(w.Format, out var format) ? format : WebhookFormat.Json, w.Url))]),
            mail?.Password);
    }

    private sealed record StoredMail(string Host, int Port, string Security, string? User, string? Password, string FromAddress, string? FromName);

    private sealed record StoredWebhook(string Id, string Name, string Format, string Url);
}
