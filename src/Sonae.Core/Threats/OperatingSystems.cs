namespace Sonae.Core.Threats;

/// <summary>
/// The makers of well-known operating systems. The inventory records an asset's hardware maker (Dell, NEC, HPE) with
/// its OS ("Windows Server"), but an advisory about the OS names the OS's maker ("Microsoft | Windows"): compared with
/// the hardware maker, every Windows asset looked like another maker's product of the same name. Matched on the OS,
/// the OS's own maker is the maker. An OS written as a look-alike (「FortiOS 相当」, "Linux-based") is not the OS.
/// </summary>
public static class OperatingSystems
{
    /// <summary>The OS's first words as <see cref="Names.Words"/> gives them, and its maker's names (the first is the one shown).</summary>
    private static readonly (string[] Words, string[] Makers)[] Known =
    [
        (["windows"], ["Microsoft", "マイクロソフト"]),
        (["macos"], ["Apple", "アップル"]),
        (["mac", "os"], ["Apple", "アップル"]),
        (["ipados"], ["Apple", "アップル"]),
        (["ios", "xe"], ["Cisco", "シスコシステムズ", "Cisco Systems"]),
        (["ios", "xr"], ["Cisco", "シスコシステムズ", "Cisco Systems"]),
        (["nx", "os"], ["Cisco", "シスコシステムズ", "Cisco Systems"]),
        (["asa"], ["Cisco", "シスコシステムズ", "Cisco Systems"]),
        (["ios"], ["Cisco", "シスコシステムズ", "Cisco Systems", "Apple", "アップル"]),
        (["red", "hat"], ["Red Hat", "レッドハット"]),
        (["rhel"], ["Red Hat", "レッドハット"]),
        (["ubuntu"], ["Canonical"]),
        (["debian"], ["Debian"]),
        (["centos"], ["CentOS", "Red Hat"]),
        (["suse"], ["SUSE"]),
        (["sles"], ["SUSE"]),
        (["oracle", "linux"], ["Oracle", "オラクル"]),
        (["fortios"], ["Fortinet", "フォーティネット"]),
        (["pan", "os"], ["Palo Alto Networks", "パロアルトネットワークス"]),
        (["panos"], ["Palo Alto Networks", "パロアルトネットワークス"]),
        (["junos"], ["Juniper", "Juniper Networks", "ジュニパーネットワークス"]),
        (["screenos"], ["Juniper", "Juniper Networks", "ジュニパーネットワークス"]),
        (["routeros"], ["MikroTik"]),
        (["sonicos"], ["SonicWall"]),
        (["esxi"], ["VMware", "ヴイエムウェア"]),
        (["vmware", "esxi"], ["VMware", "ヴイエムウェア"]),
        (["android"], ["Google", "グーグル"]),
        (["chrome", "os"], ["Google", "グーグル"]),
    ];

    /// <summary>Words that make the name a look-alike of the OS, not the OS.</summary>
    private static readonly HashSet<string> LookAlike = new(StringComparer.Ordinal)
    {
        "相当", "互換", "準拠", "ベース", "like", "based", "compatible", "equivalent",
    };

    /// <summary>
    /// The names of the maker of the OS called <paramref name="os"/>, the one to show first; empty when it is not a
    /// known OS. Where two makers use one name (Cisco's IOS, Apple's iOS), the asset's own maker decides if it is
    /// one of them, else the way the name is written ("iOS" is Apple's).
    /// </summary>
    public static IReadOnlyList<string> MakersOf(string? os, string? hardwareMaker = null)
    {
        var words = Names.Words(os);
        if (words.Count == 0 || words.Any(LookAlike.Contains))
            return [];
        foreach (var (start, makers) in Known)
        {
            if (start.Length > words.Count || !start.Select((w, i) => words[i] == w).All(same => same))
                continue;
            if (start is ["ios"])
            {
                var own = Names.Key(hardwareMaker);
                var apple = own.Length > 0 ? own is "apple" or "アップル" : os!.Contains("iOS", StringComparison.Ordinal);
                return apple ? ["Apple", "アップル"] : ["Cisco", "シスコシステムズ", "Cisco Systems"];
            }
            return makers;
        }
        return [];
    }
}
