using Sonae.Core.Aftercare.Checklists;
using Sonae.Data;
using Sonae.Web.Aftercare.Checklists;

namespace Sonae.Web.Demo;

/// <summary>
/// The demo hospital's checklists: last fiscal year's hospital form complete (two いいえ, done by their target days),
/// this year's half done (one いいえ past its target day when the year is far enough on), the electronic health
/// record vendor's form filled in and returned through its link, and the PACS vendor's still out.
/// </summary>
public static class DemoChecklists
{
    public static async Task Load(IServiceProvider services, Guid organizationId, CancellationToken cancellationToken)
    {
        var scope = services.GetRequiredService<OrganizationScope>();
        if (scope.OrganizationId is null)
            scope.Enter(organizationId);
        var changes = services.GetRequiredService<ChecklistChanges>();
        var load = services.GetRequiredService<LoadChecklists>();
        var today = load.Today;
        var thisYear = load.ThisYear;
        var lastYear = new FiscalYear(thisYear.StartYear - 1);
        const string officer = "山本 健一(安全管理責任者)";

        var (last, _) = await changes.Start(new StartChecklistRequest(lastYear.StartYear, "hospital", null, null, null), officer, cancellationToken);
        var lastItems = FrozenItem.Read(last!.Items);
        var firstRound = lastYear.First.AddDays(45);
        for (var i = 0; i < lastItems.Count; i++)
        {
            // Two いいえ in the first round, planned for the autumn: the USB restriction and two-factor sign-in.
            var no = lastItems[i].Id is "removable-media" or "two-factor" or "access-log/server";
            await Answer(changes, last, lastItems[i].Id, no ? "no" : "yes", firstRound, no ? lastYear.First.AddDays(200) : null,
                no ? "予算化済み。秋の更新時に対応予定" : null, officer, cancellationToken);
        }

        var (current, _) = await changes.Start(new StartChecklistRequest(thisYear.StartYear, "hospital", null, null, null), officer, cancellationToken);
        var items = FrozenItem.Read(current!.Items);
        var checkedOn = Max(thisYear.First, today.AddDays(-20));
        for (var i = 0; i < items.Count / 2; i++)
        {
            var overdue = items[i].Id == "asset-ledger" && today > checkedOn.AddDays(1);
            await Answer(changes, current, items[i].Id, overdue ? "no" : "yes", checkedOn, overdue ? checkedOn.AddDays(1) : null,
                overdue ? "ネットワーク機器の台帳が未整備。情報システム課で作成中" : null, officer, cancellationToken);
        }

        var (ehr, _) = await changes.Start(new StartChecklistRequest(thisYear.StartYear, "vendor", null, "v-ehr", "ehr"), officer, cancellationToken);
        var (link, _, _) = await changes.MakeLink(ehr!, new VendorLinkRequest("みなとメディカルシステムズ 保守センター 佐藤様", null), officer, cancellationToken);
        foreach (var item in FrozenItem.Read(ehr!.Items))
            await Answer(changes, ehr, item.Id, "yes", checkedOn, null, null, link!.InvitedName, cancellationToken);
        if (await changes.Return(link!, ehr, link!.InvitedName, cancellationToken) is { } refused)
            throw new InvalidOperationException("The demo's vendor form was not returned: " + refused.Message);

        var (pacs, _) = await changes.Start(new StartChecklistRequest(thisYear.StartYear, "vendor", null, "v-pacs", "pacs"), officer, cancellationToken);
        await changes.MakeLink(pacs!, new VendorLinkRequest("港画像システム PACS サポート", null), officer, cancellationToken);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static async Task Answer(ChecklistChanges changes, Data.Aftercare.Checklists.ChecklistRow checklist, string item, string answer, DateOnly on, DateOnly? target, string? note, string by, CancellationToken cancellationToken)
    {
        if (await changes.Answer(checklist, item, new AnswerRequest(answer, on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            target?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), note), by, cancellationToken) is { } refused)
            throw new InvalidOperationException($"The demo's answer to {item} was refused: {refused.Code}");
    }
}
