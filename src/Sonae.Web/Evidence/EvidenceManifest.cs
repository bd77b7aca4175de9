using System.Globalization;
using System.Text;
using Sonae.Core;
using Sonae.Core.Evidence;
using Sonae.Web.Documents;
using Sonae.Web.Localization;

namespace Sonae.Web.Evidence;

/// <summary>
/// The evidence manifest (証拠品一覧) for the police and forensic vendors: each file with its SHA-256 and size, who
/// collected it, from which asset and when, who put it in the locker, and every hand-over; headed by the record's
/// last event and hash, so that the manifest can be tied to the record it came from. In Japanese, times in JST.
/// </summary>
public sealed record EvidenceManifest(string Organization, int Number, string Title, long LastSeq, string HeadHash, DateTimeOffset MadeAt, IReadOnlyList<EvidenceView> Items)
{
    private static readonly string[] Columns =
        ["ID", "ファイル名", "種類", "サイズ(バイト)", "SHA-256", "収集者", "収集日時(JST)", "収集元", "説明", "登録者", "登録日時(JST)", "受け渡し"];

    /// <summary>The manifest as a CSV file (<see cref="CsvFile"/>: a file name such as <c>=x.csv</c> is made text).</summary>
    public byte[] Csv() => CsvFile.Write(Items.Select(item => (IReadOnlyList<string?>)
        [
            item.Id, item.FileName, Kind(item.Kind), item.Size.ToString(CultureInfo.InvariantCulture), item.Sha256, item.CollectedBy, Time(item.CollectedAt),
            item.FromAsset, item.Description, item.AddedBy, Time(item.AddedAt), string.Join(" / ", item.Custody.Select(Handed)),
        ]).Prepend(Columns));

    public string Text()
    {
        var text = new StringBuilder();
        text.Append("証拠品一覧(証拠保全 2-14)\n");
        text.Append(CultureInfo.InvariantCulture, $"医療機関: {Organization}\n");
        text.Append(CultureInfo.InvariantCulture, $"インシデント: #{Number} {Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"作成: {Time(MadeAt)}(記録のイベント {LastSeq} まで、末尾ハッシュ {HeadHash})\n");
        text.Append(CultureInfo.InvariantCulture, $"件数: {Items.Count}\n");
        foreach (var item in Items)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{item.Id}] {item.FileName}\n");
            text.Append(CultureInfo.InvariantCulture, $"  種類: {Kind(item.Kind)} / サイズ: {item.Size:N0} バイト\n");
            text.Append(CultureInfo.InvariantCulture, $"  SHA-256: {item.Sha256}\n");
            text.Append(CultureInfo.InvariantCulture, $"  収集: {item.CollectedBy}、{Time(item.CollectedAt)}{(item.FromAsset is null ? "" : $"、{item.FromAsset} から")}\n");
            if (item.Description is { } description)
                text.Append(CultureInfo.InvariantCulture, $"  説明: {description.Replace("\n", "\n        ", StringComparison.Ordinal)}\n");
            text.Append(CultureInfo.InvariantCulture, $"  登録: {item.AddedBy}、{Time(item.AddedAt)}\n");
            foreach (var handed in item.Custody)
                text.Append(CultureInfo.InvariantCulture, $"  受け渡し: {Handed(handed)}\n");
        }
        return text.ToString();
    }

    private static string Handed(CustodyView handed) => $"{Time(handed.At)} {handed.By} → {handed.To}{(handed.Comment is null ? "" : $"({handed.Comment})")}";

    private static string Time(DateTimeOffset at) => at.ToJst().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Kind(string kind) => Wire.TryParse<EvidenceKind>(kind, out var parsed) ? EvidenceTexts.Kind(parsed, CultureInfo.GetCultureInfo("ja")) : kind;
}

/// <summary>The names of the kinds of evidence, in a language.</summary>
public static class EvidenceTexts
{
    public static string Kind(EvidenceKind kind, CultureInfo? culture = null) =>
        Resources.UiTexts.ResourceManager.GetString($"EvidenceKind_{kind}", culture ?? CultureInfo.CurrentUICulture) ?? kind.ToString();
}
