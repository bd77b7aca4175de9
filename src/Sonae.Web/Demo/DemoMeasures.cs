using Microsoft.EntityFrameworkCore;
using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;

namespace Sonae.Web.Demo;

/// <summary>
/// The demo hospital's recurrence-prevention measures after its past incidents: the power failure's (done), the
/// ransomware's (under way, one overdue), and an instruction to the network contractor whose periodic check is
/// overdue, so that the readiness page and the officer's home show what they show on a real hospital's bad day.
/// </summary>
internal static class DemoMeasures
{
    public static async Task Add(SonaeDbContext db, Guid organizationId, DateTimeOffset now, string officer, CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter, SonaeDbContext.InvitedFilter])
            .Where(i => i.OrganizationId == organizationId).ToDictionaryAsync(i => i.Number, i => i.Id, cancellationToken);
        now = Timestamps.Normalize(now);
        var today = MeasureRules.Today(now);
        var number = 0;
        MeasureRow Measure(string title, string description, string ownerId, string owner, long? cost, DateOnly due, MeasureStatus status, int? incident, string finding) => new()
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organizationId, Number = ++number, Title = title, Description = description,
            OwnerPersonId = ownerId, OwnerName = owner, CostYen = cost, Due = due, Status = status.Id(),
            IncidentId = incident is { } n && incidents.TryGetValue(n, out var id) ? id : null, Finding = finding,
            CreatedAt = now, CreatedBy = officer, ChangedAt = now, ChangedBy = officer,
        };
        var ups = Measure("サーバ室 UPS のバッテリー交換と停電時の手順書の見直し", "UPS のバッテリーを交換し、停電から 10 分以内にサーバを安全に停止する手順を手順書に加える。",
            "p-saito", "斎藤 隆", 380_000, today.AddDays(-20), MeasureStatus.Done, 1, "UPS のバッテリーが劣化しており、停電から 4 分でサーバが落ちた。");
        var vpn = Measure("保守用 VPN 装置のファームウェア更新と多要素認証の導入", "電子カルテ保守用 VPN(VPN-01)のファームウェアを最新にし、ベンダの接続に多要素認証を必須にする。",
            "p-tanaka", "田中 一郎", 1_200_000, today.AddDays(30), MeasureStatus.InProgress, 3, "侵入経路は保守用 VPN の既知の脆弱性と推定された。");
        var mail = Measure("全職員への不審メール訓練", "年 2 回、全職員に訓練メールを送り、開いた人には研修を行う。",
            "p-kimura", "木村 真理", 150_000, today.AddDays(-5), MeasureStatus.Approved, 4, "認証情報を入力した職員が 3 名いた。");
        db.Measures.AddRange(ups, vpn, mail);
        db.MeasureTrainings.Add(new MeasureTrainingRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organizationId, MeasureId = ups.Id, HeldOn = today.AddDays(-25), Title = "停電時のサーバ停止手順の説明会",
            Attendees = "情報システム課、施設課", Count = 6, RecordedAt = now, RecordedBy = officer,
        });
        // Every 3 months since 200 days ago: the first period was checked, the second's due day has passed.
        var issued = today.AddDays(-200);
        var instruction = new ContractorInstructionRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organizationId, Number = 1, MeasureId = vpn.Id, VendorPartyId = "v-network",
            VendorName = "港ネットワーク工業株式会社", System = "保守用 VPN 装置(VPN-01)",
            Instruction = "保守用 VPN 装置のファームウェアを公開から 30 日以内に更新し、接続の記録を 1 年保管すること。保守のための接続は事前に情報システム課へ連絡すること。",
            IssuedOn = issued, EveryMonths = 3, AcknowledgedAt = now.AddDays(-199), AcknowledgedBy = "港ネットワーク工業 保守課 小林", CreatedAt = now, CreatedBy = officer,
            ChangedAt = now, ChangedBy = officer,
        };
        db.ContractorInstructions.Add(instruction);
        db.InstructionChecks.Add(new InstructionCheckRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organizationId, InstructionId = instruction.Id, CheckedOn = issued.AddDays(80), Complies = true,
            Found = "ファームウェアは最新。接続記録を確認した。", CheckedBy = "田中 一郎", RecordedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
