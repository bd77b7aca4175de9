using System.Security.Cryptography;
using System.Text;

namespace Sonae.Core;

/// <summary>How a link breaks a hash chain, at the first link where it goes wrong.</summary>
public enum LinkBreak
{
    /// <summary>Links are missing before this one: a gap in the numbers.</summary>
    Missing,

    /// <summary>The link's number repeats or goes back.</summary>
    OutOfOrder,

    /// <summary>The link's text was changed: it matches neither the hash stored with it nor the one the next link (or the head) names.</summary>
    Altered,

    /// <summary>The hash stored with the link was changed: its text still hashes to what the next link (or the head) names.</summary>
    HashAltered,

    /// <summary>The link's text hashes as stored but does not say which link it follows.</summary>
    Unreadable,

    /// <summary>The link does not name the hash of the link before it (a link edited and hashed again shows at the next).</summary>
    Relinked,

    /// <summary>The chain does not end where its head says: links were removed from its end (or the head was moved).</summary>
    Truncated,
}

/// <summary>Where a chain breaks: the link's number and how.</summary>
public sealed record LinkBroken(long Seq, LinkBreak Kind);

/// <summary>What checking one link decided.</summary>
public enum LinkCheck
{
    /// <summary>The link is in its place, and the chain now ends with it.</summary>
    Linked,

    /// <summary>The link's text and stored hash disagree; which of the two changed shows at the next link, or at <see cref="HashChainVerifier.Finish"/>.</summary>
    Undecided,

    /// <summary>The chain is broken (<see cref="HashChainVerifier.Break"/>); later links are not checked.</summary>
    Broken,
}

/// <summary>Whether a chain now still extends where a checkpoint saw it end.</summary>
public enum ChainExtension
{
    /// <summary>The checkpoint's last link is still there, with the same hash; the chain may have grown since.</summary>
    Extends,

    /// <summary>The chain now ends before the checkpoint's last link: links were cut from its end.</summary>
    Shorter,

    /// <summary>The chain's link at the checkpoint's last number has another hash: the chain was rewritten.</summary>
    Rewritten,
}

/// <summary>
/// The SHA-256 chains Sonae keeps, the incident record and the audit log (docs/record-format.md): links numbered 1,
/// 2, 3… without a gap, each stored with the SHA-256 of its UTF-8 canonical text, each text naming the hash of the
/// link before it; the first names <see cref="Genesis"/>.
/// </summary>
public static class HashChain
{
    /// <summary>What the first link names as the hash before it: 64 zeros.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The hash of a link: the SHA-256 of its canonical text's UTF-8 bytes, in lower-case hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Whether a chain that now ends at <paramref name="nowLastSeq"/>, with <paramref name="nowHashAtThen"/> at the
    /// checkpoint's last number (null when it has no such link), still extends the chain the checkpoint saw end at
    /// <paramref name="thenSeq"/> with <paramref name="thenHash"/>.
    /// </summary>
    public static ChainExtension Compare(long thenSeq, string thenHash, long nowLastSeq, string? nowHashAtThen) =>
        nowLastSeq < thenSeq || nowHashAtThen is null ? ChainExtension.Shorter
        : string.Equals(nowHashAtThen, thenHash, StringComparison.Ordinal) ? ChainExtension.Extends
        : ChainExtension.Rewritten;
}

/// <summary>
/// Checks one hash chain link by link, in number order, and stops at the first break: the one rule behind
/// <c>sonae verify</c> for incident records and audit chains alike. What a link's text must say besides its link
/// (an event's incident and type) is its chain's own check, after <c>Add</c> answers <see cref="LinkCheck.Linked"/>.
/// </summary>
/// <remarks>
/// A link whose text no longer hashes to its stored hash is decided one link later: if the next link (or the
/// expected head) names the hash of the text as it reads now, only the stored hash was changed
/// (<see cref="LinkBreak.HashAltered"/>); otherwise the text was (<see cref="LinkBreak.Altered"/>). Hashes are
/// compared as bytes, so the case of their hex does not matter.
/// </remarks>
public sealed class HashChainVerifier
{
    private Sha256Digest _head = Sha256Digest.Genesis;
    private (long Seq, Sha256Digest TextHash)? _suspect;

    /// <summary>The number of the last link in its place (0 before the first).</summary>
    public long LastSeq { get; private set; }

    /// <summary>The hash the next link must name: the last linked one's (<see cref="HashChain.Genesis"/> before the first).</summary>
    public string Head => _head.ToString();

    /// <summary>How many links were looked at, up to and including the one that broke the chain.</summary>
    public long LinksChecked { get; private set; }

    /// <summary>The first link that broke the chain, or null while it holds.</summary>
    public LinkBroken? Break { get; private set; }

    /// <summary>Checks the next link.</summary>
    /// <param name="seq">The link's number in its chain.</param>
    /// <param name="text">The link's canonical text, as UTF-8.</param>
    /// <param name="storedHash">The hash stored with the link.</param>
    /// <param name="prev">The hash the text names for the link before; null when the text cannot be read.</param>
    public LinkCheck Add(long seq, ReadOnlySpan<byte> text, string storedHash, string? prev)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        var storedRead = Sha256Digest.TryParse(storedHash, out var stored);
        var prevRead = Sha256Digest.TryParse(prev, out var named);
        return Add(seq, text, storedRead ? stored : null, prev is null ? LinkText.Unreadable : prevRead ? LinkText.Names : LinkText.NamesNothing, named);
    }

    /// <summary>
    /// Checks the next link, its hashes given as they are stored: UTF-8 hexadecimal, read without making strings (a
    /// chain of millions is checked this way).
    /// </summary>
    /// <param name="seq">The link's number in its chain.</param>
    /// <param name="text">The link's canonical text, as UTF-8.</param>
    /// <param name="storedHash">The hash stored with the link, as UTF-8.</param>
    /// <param name="prev">The hash the text names for the link before, as UTF-8; ignored when <paramref name="readable"/> is false.</param>
    /// <param name="readable">Whether the text could be read to say what it follows.</param>
    public LinkCheck Add(long seq, ReadOnlySpan<byte> text, ReadOnlySpan<byte> storedHash, ReadOnlySpan<byte> prev, bool readable)
    {
        var storedRead = Sha256Digest.TryParse(storedHash, out var stored);
        var prevRead = Sha256Digest.TryParse(prev, out var named);
        return Add(seq, text, storedRead ? stored : null, !readable ? LinkText.Unreadable : prevRead ? LinkText.Names : LinkText.NamesNothing, named);
    }

    private LinkCheck Add(long seq, ReadOnlySpan<byte> text, Sha256Digest? stored, LinkText says, in Sha256Digest prev)
    {
        if (Break is not null)
            return LinkCheck.Broken;
        if (_suspect is { } suspect)
            return Fail(suspect.Seq, says == LinkText.Names && prev.Equals(suspect.TextHash) ? LinkBreak.HashAltered : LinkBreak.Altered);
        LinksChecked++;
        if (seq != LastSeq + 1)
            return seq > LastSeq + 1 ? Fail(LastSeq + 1, LinkBreak.Missing) : Fail(seq, LinkBreak.OutOfOrder);
        var hash = Sha256Digest.Of(text);
        if (stored is not { } storedHash || !hash.Equals(storedHash))
        {
            _suspect = (seq, hash);
            return LinkCheck.Undecided;
        }
        if (says == LinkText.Unreadable)
            return Fail(seq, LinkBreak.Unreadable);
        if (says != LinkText.Names || !prev.Equals(_head))
            return Fail(seq, LinkBreak.Relinked);
        _head = storedHash;
        LastSeq = seq;
        return LinkCheck.Linked;
    }

    /// <summary>
    /// Ends the check: decides a last link still undecided, and with an expected end (the incident's last event
    /// and head hash) checks that the chain ends there. Null when the chain holds.
    /// </summary>
    public LinkBroken? Finish(long? expectedLastSeq = null, string? expectedHead = null)
    {
        if (Break is null && _suspect is { } suspect)
            Break = new LinkBroken(suspect.Seq, suspect.Seq == expectedLastSeq && Sha256Digest.TryParse(expectedHead, out var head) && head.Equals(suspect.TextHash) ? LinkBreak.HashAltered : LinkBreak.Altered);
        if (Break is null && expectedLastSeq is { } last && (LastSeq != last || !string.Equals(Head, expectedHead, StringComparison.Ordinal)))
            Break = new LinkBroken(LastSeq < last ? LastSeq + 1 : LastSeq, LinkBreak.Truncated);
        return Break;
    }

    private LinkCheck Fail(long seq, LinkBreak kind)
    {
        Break = new LinkBroken(seq, kind);
        return LinkCheck.Broken;
    }

    /// <summary>What a link's text says of the link before it.</summary>
    private enum LinkText
    {
        /// <summary>It names a hash.</summary>
        Names,

        /// <summary>It can be read but names no hash (no prev, or not 64 hexadecimal digits).</summary>
        NamesNothing,

        /// <summary>It cannot be read.</summary>
        Unreadable,
    }
}

/// <summary>A SHA-256 hash as 32 bytes, kept in place (a chain of millions is checked without an allocation per link).</summary>
[System.Runtime.CompilerServices.InlineArray(32)]
internal struct Sha256Digest : IEquatable<Sha256Digest>
{
    private byte _first;

    public static Sha256Digest Genesis => default;

    // One hasher per thread, used again for each text: a one-shot hash sets up OpenSSL's digest anew each time, which
    // costs more than hashing an event.
    [ThreadStatic]
    private static IncrementalHash? _hasher;

    /// <summary>The hash of a text.</summary>
    public static Sha256Digest Of(ReadOnlySpan<byte> text)
    {
        var hasher = _hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(text);
        var digest = default(Sha256Digest);
        hasher.GetHashAndReset(digest);
        return digest;
    }

    /// <summary>Reads 64 hexadecimal digits (either case); false for anything else.</summary>
    public static bool TryParse(string? hex, out Sha256Digest digest)
    {
        digest = default;
        return hex is { Length: 64 } && Convert.FromHexString(hex, digest, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32;
    }

    /// <summary>Reads 64 hexadecimal digits (either case) given as UTF-8; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, out Sha256Digest digest)
    {
        digest = default;
        return hex.Length == 64 && Convert.FromHexString(hex, digest, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32;
    }

    public readonly bool Equals(Sha256Digest other) => ((ReadOnlySpan<byte>)this).SequenceEqual(other);

    public override readonly bool Equals(object? obj) => obj is Sha256Digest other && Equals(other);

    public override readonly int GetHashCode() => BitConverter.ToInt32(this);

    /// <summary>Lower-case hexadecimal, as the chains store it.</summary>
    public override readonly string ToString() => Convert.ToHexStringLower(this);
}
