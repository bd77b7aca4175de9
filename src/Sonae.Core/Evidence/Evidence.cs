using System.Text;

namespace Sonae.Core.Evidence;

/// <summary>What a piece of evidence is (2-14 証拠保全).</summary>
public enum EvidenceKind
{
    /// <summary>Logs: servers, firewall, VPN, antivirus, the EHR's access log.</summary>
    Log,

    /// <summary>A photograph or screenshot (a screen as it was found).</summary>
    Image,

    /// <summary>The ransom note, as a file or a photograph of it.</summary>
    RansomNote,

    /// <summary>The manifest of a disk or memory image kept elsewhere (its hashes, who holds it): never the image itself.</summary>
    ImageManifest,

    /// <summary>A suspicious e-mail or its attachment.</summary>
    Mail,

    /// <summary>Anything else, described in its description.</summary>
    Other,
}

/// <summary>
/// How an uploaded file is named in the locker: the name people gave it, made harmless. Only its last part is kept
/// (no folders, so no "../" can climb anywhere, though the file is stored by its hash and never by this name), with
/// control, format (bidirectional overrides) and reserved characters replaced, Windows device names defused and the length capped. The name is for
/// people; the SHA-256 is what identifies the file.
/// </summary>
public static class EvidenceNames
{
    /// <summary>The longest name kept, in characters.</summary>
    public const int MaxLength = 120;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The name made harmless: its last path segment, with dangerous characters replaced and its length capped.</summary>
    public static string Safe(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault(p => p.Length > 0) ?? "";
        var text = new StringBuilder(last.Length);
        foreach (var rune in last.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var c = rune.Value;
            // Control and format characters (a right-to-left override makes "exe.png" of "gnp.exe"), non-characters,
            // and what Windows forbids in a name become "_".
            var category = Rune.GetUnicodeCategory(rune);
            text.Append(category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.OtherNotAssigned
                || c is 0xFFFE or 0xFFFF || (c < 0x80 && "<>:\"|?*".Contains((char)c, StringComparison.Ordinal))
                ? "_" : rune.ToString());
        }
        var safe = text.ToString().Trim().TrimEnd('.').TrimStart('.');
        if (safe.Length == 0)
            return "evidence";
        var stem = safe.Split('.')[0];
        if (DeviceNames.Contains(stem))
            safe = "_" + safe;
        if (safe.Length > MaxLength)
        {
            var dot = safe.LastIndexOf('.');
            var extension = dot > 0 && safe.Length - dot <= 10 ? safe[dot..] : "";
            safe = safe[..(MaxLength - extension.Length)] + extension;
        }
        return safe;
    }
}
