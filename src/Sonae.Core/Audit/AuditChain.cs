using System.Text;
using System.Text.Unicode;
using Sonae.Core.Incidents;

namespace Sonae.Core.Audit;

/// <summary>
/// One entry of the audit log: who did what to which address, with what result, from where. Entries of one
/// organization form one chain (<see cref="Seq"/> 1, 2, 3…), each naming the SHA-256 of the one before, like the
/// incident record; entries that belong to no organization (a wrong key at sign-in) form the chain of
/// <see cref="Guid.Empty"/>.
/// </summary>
/// <param name="Action">What was done: a route (<c>POST /api/v1/incidents/{id}/notes</c>) or a named act (<c>sign-in-failed</c>).</param>
/// <param name="Target">The address it was done to (<c>/api/v1/incidents/12/notes</c>).</param>
/// <param name="Status">The HTTP status it ended with.</param>
/// <param name="Organization">The organization whose chain it is on (the empty id for none).</param>
/// <param name="Seq">Its number in that chain.</param>
/// <param name="At">When, to the millisecond.</param>
/// <param name="ActorId">Who: the account or key id, when known.</param>
/// <param name="ActorName">Their name as shown.</param>
/// <param name="Address">The client address it came from.</param>
/// <param name="Prev">The hash of the entry before (64 zeros for the first).</param>
public sealed record AuditEntry(
    Guid Organization,
    long Seq,
    DateTimeOffset At,
    string? ActorId,
    string? ActorName,
    string Action,
    string Target,
    int Status,
    string? Address,
    string Prev)
{
    /// <summary>The longest action kept; a longer one is cut.</summary>
    public const int MaxAction = 120;
    /// <summary>The longest address kept; a longer one is cut.</summary>
    public const int MaxTarget = 400;

    /// <summary>The entry's canonical text (sorted members, no nulls), which its hash covers.</summary>
    public string Canonical() => new CanonicalJson.FlatObject()
        .Add("action", Action)
        .Add("actor", ActorId)
        .Add("address", Address)
        .Add("at", Timestamps.Format(At))
        .Add("name", ActorName)
        .Add("org", Organization.ToString("D"))
        .Add("prev", Prev)
        .Add("seq", Seq)
        .Add("status", Status)
        .Add("target", Target)
        .ToString();

    /// <summary>The SHA-256 of the canonical text, in lower-case hexadecimal.</summary>
    public string Hash() => HashChain.Hash(Canonical());
}

/// <summary>
/// An audit entry as its row stores it, its texts as UTF-8 as the database holds them: what
/// <see cref="AuditChainCheck"/> checks without making a string of each column (a log of millions is checked this
/// way). Valid only as long as the row it was read from.
/// </summary>
public readonly ref struct StoredAuditEntry
{
    /// <summary>The organization whose chain it is on (the empty id for none).</summary>
    public Guid Organization { get; init; }

    /// <summary>Its number in that chain.</summary>
    public long Seq { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Who: the account or key id, when known.</summary>
    public Utf8Column ActorId { get; init; }

    /// <summary>Their name as shown.</summary>
    public Utf8Column ActorName { get; init; }

    /// <summary>What was done.</summary>
    public ReadOnlySpan<byte> Action { get; init; }

    /// <summary>The address it was done to.</summary>
    public ReadOnlySpan<byte> Target { get; init; }

    /// <summary>The HTTP status it ended with.</summary>
    public int Status { get; init; }

    /// <summary>The client address it came from.</summary>
    public Utf8Column Address { get; init; }

    /// <summary>The hash of the entry before, as stored.</summary>
    public ReadOnlySpan<byte> Prev { get; init; }

    /// <summary>The entry's hash, as stored.</summary>
    public ReadOnlySpan<byte> Hash { get; init; }

    /// <summary>Whether every text is valid UTF-8, as a text the database gives back always is.</summary>
    internal bool IsValidUtf8 => Utf8.IsValid(Action) && Utf8.IsValid(Target) && Utf8.IsValid(Prev) && Utf8.IsValid(Hash)
        && Utf8.IsValid(ActorId.Value) && Utf8.IsValid(ActorName.Value) && Utf8.IsValid(Address.Value);

    /// <summary>The entry with its texts as strings (what reading it as strings gives: a byte that is not UTF-8 read as U+FFFD).</summary>
    internal AuditEntry ToEntry() => new(Organization, Seq, At, Text(ActorId), Text(ActorName), Encoding.UTF8.GetString(Action),
        Encoding.UTF8.GetString(Target), Status, Text(Address), Encoding.UTF8.GetString(Prev));

    private static string? Text(Utf8Column column) => column.IsNull ? null : Encoding.UTF8.GetString(column.Value);
}

/// <summary>The end of one organization's audit chain: the next entry's number and the hash it must name.</summary>
public sealed record AuditHead(Guid Organization, long LastSeq, string Hash)
{
    /// <summary>What the first entry links to: 64 zeros.</summary>
    public const string Genesis = HashChain.Genesis;

    /// <summary>The head of a chain with no entry yet.</summary>
    public static AuditHead New(Guid organization) => new(organization, 0, Genesis);

    /// <summary>Seals the next entry: its number, time cut to the millisecond, its link, and its hash.</summary>
    public (AuditEntry Entry, string Hash, AuditHead Next) Append(DateTimeOffset at, string? actorId, string? actorName, string action, string target, int status, string? address)
    {
        var entry = new AuditEntry(Organization, LastSeq + 1, Timestamps.Normalize(at), actorId, actorName,
            Cut(action, AuditEntry.MaxAction), Cut(target, AuditEntry.MaxTarget), status, address, Hash);
        var hash = entry.Hash();
        return (entry, hash, new AuditHead(Organization, entry.Seq, hash));
    }

    private static string Cut(string text, int limit) => text.Length <= limit ? text : text[..limit];
}

/// <summary>Where an audit chain breaks: the first entry that is not what the chain says.</summary>
public sealed record AuditBreak(Guid Organization, long Seq, AuditBreakKind Kind);

/// <summary>What is wrong where an audit chain breaks.</summary>
public enum AuditBreakKind
{
    /// <summary>The entry's content no longer hashes to its stored hash.</summary>
    Altered,

    /// <summary>The entry does not name the hash of the one before.</summary>
    Relinked,

    /// <summary>Entries are missing before this one.</summary>
    Missing,
}

/// <summary>
/// Checks one organization's audit chain, entry by entry in order, and stops at the first break: the hash-chain rule
/// of the incident record (<see cref="HashChainVerifier"/>), over each entry's canonical text. One entry at a time,
/// so that a chain of millions is checked as it is read, in the memory of one entry.
/// </summary>
/// <param name="organization">The organization whose chain it is (the empty id for entries of none).</param>
public sealed class AuditChainCheck(Guid organization)
{
    private readonly HashChainVerifier _chain = new();

    /// <summary>How many entries were checked.</summary>
    public long EntriesChecked => _chain.LinksChecked;

    private readonly CanonicalJson.Utf8FlatObject _text = new();

    /// <summary>Checks the next entry, with its stored hash; false once the chain is broken (later entries are not checked).</summary>
    public bool Add(AuditEntry entry, string hash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _chain.Add(entry.Seq, Encoding.UTF8.GetBytes(entry.Canonical()), hash, entry.Prev) != LinkCheck.Broken;
    }

    /// <summary>
    /// Checks the next entry as its row stores it, writing its canonical text (<see cref="AuditEntry.Canonical"/>,
    /// byte for byte) straight from the stored UTF-8; false once the chain is broken.
    /// </summary>
    public bool Add(in StoredAuditEntry stored)
    {
        // A text that is not UTF-8 (only an edit can put one there) is read as a string would read it.
        if (!stored.IsValidUtf8)
            return Add(stored.ToEntry(), Encoding.UTF8.GetString(stored.Hash));
        Span<byte> at = stackalloc byte[Timestamps.Utf8Length];
        Timestamps.FormatUtf8(stored.At, at);
        Span<byte> org = stackalloc byte[36];
        stored.Organization.TryFormat(org, out _, "D");
        var text = _text.Start()
            .Add("action"u8, stored.Action)
            .Add("actor"u8, stored.ActorId)
            .Add("address"u8, stored.Address)
            .Add("at"u8, at)
            .Add("name"u8, stored.ActorName)
            .Add("org"u8, org)
            .Add("prev"u8, stored.Prev)
            .Add("seq"u8, stored.Seq)
            .Add("status"u8, stored.Status)
            .Add("target"u8, stored.Target)
            .End();
        return _chain.Add(stored.Seq, text, stored.Hash, stored.Prev, readable: true) != LinkCheck.Broken;
    }

    /// <summary>The first break of the chain, or null when every entry checked is what the chain says.</summary>
    public AuditBreak? Finish() => _chain.Finish() is { } broken
        ? broken.Kind switch
        {
            // The audit log says a gap, or a number out of place, as entries missing after the last good one.
            LinkBreak.Missing or LinkBreak.OutOfOrder => new AuditBreak(organization, _chain.LastSeq + 1, AuditBreakKind.Missing),
            LinkBreak.Relinked => new AuditBreak(organization, broken.Seq, AuditBreakKind.Relinked),
            // An entry's text and its stored hash disagree (whichever changed), or it cannot say what it follows.
            LinkBreak.Altered or LinkBreak.HashAltered or LinkBreak.Unreadable or LinkBreak.Truncated => new AuditBreak(organization, broken.Seq, AuditBreakKind.Altered),
        }
        : null;
}

/// <summary>Checks a whole audit chain at once (<see cref="AuditChainCheck"/>).</summary>
public static class AuditVerifier
{
    /// <summary>The first break of the chain, or null when every entry is what the chain says. <paramref name="entries"/> are in sequence order, each with its stored hash.</summary>
    public static AuditBreak? Check(Guid organization, IEnumerable<(AuditEntry Entry, string Hash)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var check = new AuditChainCheck(organization);
        foreach (var (entry, hash) in entries)
        {
            if (!check.Add(entry, hash))
                break;
        }
        return check.Finish();
    }
}
