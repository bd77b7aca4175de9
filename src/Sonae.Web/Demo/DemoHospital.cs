using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Web.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;
using Sonae.Web.Reporting;
using Sonae.Core.Reporting;

namespace Sonae.Web.Demo;

/// <summary>
/// <c>--demo</c>: a fictional hospital to try everything with, in its own database (<c>data/demo.Db</c>). Its
/// incidents are made through the same use cases as real ones, on a clock that starts ten days ago, so their
/// records are real chains that verify. The names, places and numbers are invented.
/// </summary>
public sealed partial class DemoHospital(IServiceProvider services, SonaeDbContext db, TimeProvider clock, ILogger<DemoHospital> logger)
{
    public const string Flag = "--demo";
    public const string ConfigKey = "Sonae:Demo";
    public const string Name = "みなと市立総合病院(架空・デモ)";

    /// <summary>The demo's API keys, fixed so that the README can give them. Never use them outside the demo.</summary>
    public static IReadOnlyDictionary<Role, string> Keys { get; } = new Dictionary<Role, string>
    {
        [Role.Management] = "sonae_demo-management",
        [Role.SecurityOfficer] = "sonae_demo-security-officer",
        [Role.Staff] = "sonae_demo-staff",
        [Role.Vendor] = "sonae_demo-vendor",
    };

    private static readonly Actor Officer = new("demo:tanaka", "田中 一郎(情報システム課長・安全管理責任者)", new HashSet<Role> { Role.SecurityOfficer });
    private static readonly Actor Director = new("demo:yamamoto", "山本 直子(院長)", new HashSet<Role> { Role.Management });
    private static readonly Actor Nurse = new("demo:sato", "佐藤 美咲(3階西病棟 看護師)", new HashSet<Role> { Role.Staff });
    private static readonly Actor Clerk = new("demo:kato", "加藤 健(医事課)", new HashSet<Role> { Role.Staff });
    private static readonly Actor Vendor = new("demo:takahashi", "高橋 誠(電子カルテベンダ SE)", new HashSet<Role> { Role.Vendor });

    private IServiceProvider Services => services;

    private SonaeDbContext Db => db;

    public static bool IsOn(IConfiguration configuration) => string.Equals(configuration[ConfigKey], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Loads the demo into an empty database, or finds it there. Never into a hospital's own records: a database
    /// holding any organization but the demo's stops Sonae at start (<see cref="Hosting.SonaeConfigurationException"/>,
    /// exit 2), whichever provider it is on.
    /// </summary>
    public async Task EnsureLoaded(CancellationToken cancellationToken)
    {
        if (await db.Organizations.CountAsync(o => !o.IsDemo, cancellationToken) is > 0 and var real)
            throw new Hosting.SonaeConfigurationException(
                $"--demo: this database holds {real} organization(s) of its own; the fictional demo hospital is never mixed into a hospital's records. "
                + "Start without --demo, or give the demo a database of its own (SQLite: leave Sonae:Storage:SqlitePath unset for data/demo.db; PostgreSQL: an empty database in ConnectionStrings:Sonae).");
        if (!await db.Organizations.AnyAsync(cancellationToken))
        {
            var scripted = new ScriptedClock(clock.GetUtcNow().AddDays(-10));
            var created = await Use<CreateOrganization>(scripted).Run(Name, demo: true, cancellationToken, Keys);
            await Prepare(created.Organization.Id, scripted, cancellationToken);
            var script = new Script(this, created.Organization.Id, scripted);
            await script.Run(cancellationToken);
            await AddAccounts(created.Organization.Id, script.RansomwareId, cancellationToken);
            await DemoMeasures.Add(db, created.Organization.Id, clock.GetUtcNow(), Officer.Name, cancellationToken);
            await DemoDrills.Run(services, new Caller(created.Organization.Id, Officer), clock.GetUtcNow().AddDays(-3), cancellationToken);
            await DemoChecklists.Load(services, created.Organization.Id, cancellationToken);
        }
        LogDemo(logger, Name, Keys[Role.SecurityOfficer], Keys[Role.Management], Keys[Role.Staff], Keys[Role.Vendor]);
    }

    /// <summary>The preparedness record, section by section, as the security officer would have saved it.</summary>
    private async Task Prepare(Guid organizationId, ScriptedClock scripted, CancellationToken cancellationToken)
    {
        var save = Use<SavePreparednessSection>(scripted);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToJst().DateTime);
        var (firstNetwork, network) = DemoPreparedness.Network(today);
        var by = Officer.Name;
        (PreparednessSection Section, int Base, object Content, string Note)[] versions =
        [
            (PreparednessSection.Profile, 0, DemoPreparedness.Profile, "初期登録"),
            (PreparednessSection.People, 0, DemoPreparedness.People, "職員名簿と緊急連絡網(2026年度)"),
            (PreparednessSection.Parties, 0, DemoPreparedness.Parties(today), "初期値に自院の番号を記入し、事業者を追加"),
            (PreparednessSection.Network, 0, firstNetwork, "構成図の初版"),
            (PreparednessSection.Network, 1, network, "PACS 保守回線を FW-01 経由に変更し、構成図を見直し"),
            (PreparednessSection.Inventory, 0, DemoPreparedness.Inventory(today), "情報機器台帳を取り込み"),
            (PreparednessSection.Drills, 0, DemoPreparedness.Drills(today), "訓練記録"),
        ];
        foreach (var (section, baseVersion, content, note) in versions)
        {
            if (await save.Run(organizationId, section, baseVersion, content, note, by, cancellationToken) is not SavePreparednessSection.Saved)
                throw new InvalidOperationException($"The demo's {section} section was not saved.");
            scripted.Advance(TimeSpan.FromMinutes(7));
        }
    }

    /// <summary>The demo's accounts (fixed passwords, for trying them; never outside the demo).</summary>
    public const string AccountPassword = "minato-demo-2026";

    public static IReadOnlyList<(string UserName, string DisplayName, Role Role)> Accounts { get; } =
    [
        ("demo.director", "山本 直子(院長)", Role.Management),
        ("demo.nurse", "佐藤 美咲(3階西病棟 看護師)", Role.Staff),
        ("demo.vendor", "高橋 誠(電子カルテベンダ SE)", Role.Vendor),
    ];

    /// <summary>
    /// People with their own accounts: the director (who must set up a second factor at first sign-in), a nurse, and
    /// the vendor engineer, who accepted an invitation to the ransomware incident and sees that one alone; the
    /// vendor's key is invited to it too.
    /// </summary>
    private async Task AddAccounts(Guid organizationId, Guid ransomware, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Data.Access.Account>>();
        var now = clock.GetUtcNow();
        var vendorKey = await db.ApiKeys.Where(k => k.Roles == Role.Vendor.Id()).Select(k => k.Id).SingleAsync(cancellationToken);
        foreach (var (userName, displayName, role) in Accounts)
        {
            var account = new Data.Access.Account { Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName, CreatedAt = now, LockoutEnabled = true };
            var created = await users.CreateAsync(account, AccountPassword);
            if (!created.Succeeded)
                throw new InvalidOperationException("The demo's account was not made: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            db.Memberships.Add(new Data.Access.Membership { AccountId = account.Id, OrganizationId = organizationId, Roles = role.Id(), AddedAt = now, AddedBy = Officer.Id });
            if (role == Role.Vendor)
                Invite(Caller.AccountActor(account.Id), displayName);
        }
        Invite(Caller.KeyPrefix + vendorKey.ToString("N"), "ベンダ(API キー)");
        await db.SaveChangesAsync(cancellationToken);

        void Invite(string actor, string name)
        {
            var invitation = new Data.Access.IncidentInvitation
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organizationId,
                IncidentId = ransomware,
                InvitedName = name,
                Prefix = "sonae_demo",
                SecretHash = ApiKeySecrets.Hash(ApiKeySecrets.NewKey()),
                CreatedBy = Officer.Id,
                CreatedAt = now,
                ExpiresAt = now + SignInRules.InvitationLifetime,
                UsedAt = now,
                UsedBy = actor,
            };
            db.IncidentInvitations.Add(invitation);
            db.IncidentAccess.Add(new Data.Access.IncidentAccess { OrganizationId = organizationId, IncidentId = ransomware, ActorId = actor, InvitationId = invitation.Id, GrantedAt = now });
        }
    }

    private T Use<T>(TimeProvider scripted) where T : class => ActivatorUtilities.CreateInstance<T>(services, scripted);

    /// <summary>The demo's incidents, one method each.</summary>
    private sealed class Script(DemoHospital demo, Guid organizationId, ScriptedClock clock)
    {
        private readonly ApplyIncidentCommand _apply = ActivatorUtilities.CreateInstance<ApplyIncidentCommand>(demo.Services, clock);
        private readonly ApplyReportingCommand _reporting = ActivatorUtilities.CreateInstance<ApplyReportingCommand>(demo.Services, clock);

        private readonly OpenIncident _open = ActivatorUtilities.CreateInstance<OpenIncident>(demo.Services, clock);

        public async Task Run(CancellationToken cancellationToken)
        {
            await PowerFailure(cancellationToken);
            await FalseAlarm(cancellationToken);
            await Ransomware(cancellationToken);
            await PhishingCredentials(cancellationToken);
            await SlowPacs(cancellationToken);
        }

        /// <summary>A power failure in the server room: resolved without any sign of attack, and closed.</summary>
        private async Task PowerFailure(CancellationToken ct)
        {
            var id = await Open(Officer, new NewIncident("サーバー室 電源障害(UPS 警報)", IncidentSource.Alert, "UPS の警報メールを受信。電子カルテの応答なし。"), ct);
            await Complete(id, Officer, "1-1", ct, ("infection-signs", "no"));
            await Complete(id, Vendor, "1-3", ct);
            await Complete(id, Officer, "1-4", ct, ("anomaly-confirmed", "yes"));
            await Complete(id, Officer, "2-1", ct, ("cause", "power-hardware"), ("cyber-attack-signs", "no"), ("data-leak-suspected", "no"));
            await Complete(id, Officer, "2-2", ct, ("prior-vendor-work", "no"));
            await Complete(id, Officer, "2-3", ct, ("network-findings", "ネットワーク機器は UPS 系統外で正常。"));
            await Complete(id, Officer, "2-4", ct, ("hardware-findings", "分電盤のブレーカー遮断と UPS バッテリー劣化。"));
            await Complete(id, Director, "3-1", ct, ("vendor-help-needed", "no"));
            await Complete(id, Officer, "3-3", ct);
            await Complete(id, Officer, "3-4", ct);
            await Complete(id, Officer, "4-1", ct, ("data-leak-confirmed", "no"));
            await Complete(id, Director, "4-2", ct);
            await Complete(id, Officer, "4-5", ct);
            await Complete(id, Officer, "4-6", ct);
            await Complete(id, Clerk, "4-7", ct);
            await Complete(id, Officer, "4-8", ct);
            await Complete(id, Director, "4-9", ct, ("publish-disclosure", "no"));
            await Do(id, Director, new CloseIncident(), ct);
        }

        /// <summary>A report that turned out to be a printer, closed as a false alarm at 1-4.</summary>
        private async Task FalseAlarm(CancellationToken ct)
        {
            var id = await Report(Clerk, new AnomalyReport("医事課", "受付", "受付-02", [AnomalySign.SlowOrFrozen], clock.GetUtcNow().AddMinutes(-20),
                "会計の画面が固まる", "加藤 健", "内線 2104"), ct);
            await Complete(id, Clerk, "1-3", ct);
            await Do(id, Officer, new AddNote("プリンタのスプーラ停止が原因。システムの異常ではない。", new StepId("1-4")), ct);
            await Complete(id, Officer, "1-4", ct, ("anomaly-confirmed", "no"));
            await Do(id, Officer, new CloseIncident(), ct);
        }

        /// <summary>The ransomware incident, once made (the vendor is invited to it).</summary>
        public Guid RansomwareId { get; private set; }

        /// <summary>Ransomware on the ward: past 2-12, reporting and evidence under way, recovery not yet ordered.</summary>
        private async Task Ransomware(CancellationToken ct)
        {
            var id = RansomwareId = await Report(Nurse, new AnomalyReport("3階西病棟", "ナースステーション", "PC-3W-01",
                [AnomalySign.RansomNote, AnomalySign.OddFiles], clock.GetUtcNow().AddMinutes(-15),
                "画面に英語の脅迫文。電子カルテのファイルが開かない。", "佐藤 美咲", "院内PHS 3021"), ct);
            await Action(id, Nurse, "1-2", "unplug", ct);
            await Complete(id, Nurse, "1-2", ct, ("disconnected-devices", "PC-3W-01、PC-3W-02(LAN ケーブルを抜いた。電源は入れたまま)"));
            await Action(id, Nurse, "1-3", "call-officer", ct);
            await Complete(id, Nurse, "1-3", ct, ("reported-by", "佐藤(3階西)が院内PHSで田中へ 8:52"));
            // The call sheet: the officer reached on the PHS; the vice-director's home number turns out wrong.
            await Do(id, Nurse, new LogContact("田中 一郎", ContactChannel.Phs, ContactResult.Reached, "すぐ病棟へ向かうとのこと", ContactDirection.Outgoing, "2100"), ct);
            await Do(id, Officer, new ChangeAssetStatus("PC-3W-01", AssetStatus.Suspected), ct);
            await Complete(id, Officer, "1-4", ct, ("anomaly-confirmed", "yes"));
            await Do(id, Officer, new TakeCommand(), ct);
            await Action(id, Officer, "2-1", "check-attack-signs", ct);
            await Action(id, Vendor, "2-1", "support-investigation", ct);
            await Complete(id, Officer, "2-1", ct, ("cause", "cyber-attack"), ("cyber-attack-signs", "yes"), ("data-leak-suspected", "unknown"));
            await Complete(id, Officer, "2-2", ct, ("prior-vendor-work", "no"));
            await Do(id, Officer, new SkipStep(new StepId("2-3"), "攻撃と判明したためネットワーク調査は 2-6 と 2-10 で行う"), ct);
            await Do(id, Officer, new SkipStep(new StepId("2-4"), "電源・ハードウェアに異常なし"), ct);
            await Do(id, Officer, new LogContact("IPA サイバーセキュリティ相談窓口(企業・組織向け)", ContactChannel.Email, ContactResult.Sent, "初動の助言を依頼",
                ContactDirection.Outgoing, "初動の相談"), ct);
            await Do(id, Officer, new LogContact("みなとメディカルシステムズ株式会社", ContactChannel.Phone, ContactResult.Reached, "保守センターが不審な通信を検知。ログを保全して連絡を待つよう依頼された",
                ContactDirection.Incoming, "不審な通信の検知", "保守受付 MMS-24-0815", clock.GetUtcNow().AddMinutes(-20)), ct);
            await Complete(id, Officer, "2-5", ct, ("consultation-log", "IPA へメールで相談。端末の隔離継続とログ保全の助言。"));
            await Do(id, Officer, new ChangeAssetStatus("SV-001", AssetStatus.Infected, "電子カルテ DB サーバーにも暗号化の痕跡"), ct);
            await Do(id, Vendor, new ChangeAssetStatus("SV-001", AssetStatus.Isolated, "コアスイッチで VLAN を遮断"), ct);
            await Action(id, Officer, "2-6", "isolate", ct);
            await Action(id, Officer, "2-6", "evacuate-backups", ct);
            await Action(id, Vendor, "2-6", "help-contain", ct);
            await Complete(id, Officer, "2-6", ct);
            await Complete(id, Officer, "2-7", ct);
            await Do(id, Director, new LogContact("田中 一郎(安全管理責任者)", ContactChannel.Phs, ContactResult.Reached, "被害状況の調査を指示"), ct);
            await Do(id, Director, new RecordFact(new FactId("emr-operation"), "stopped",
                "電子カルテ DB サーバー(SV-001)に暗号化の痕跡。感染の拡大を防ぐため全端末で使用を止め、紙カルテに切り替える"), ct);
            await Do(id, Director, new RecordFact(new FactId("ambulance-acceptance"), "diverted",
                "検査結果と処方歴を照会できず、救急を安全に受け入れられない。消防局と近隣の救急病院に連絡済み"), ct);
            await Complete(id, Director, "2-8", ct, ("response-team-formed", "yes"));
            // The director heads the response team from here; the officer hands command over at its first meeting.
            await Do(id, Officer, new HandOverCommand(new Nominee(Director.Name, [.. Director.Roles], Director.Id, "p-yamamoto"),
                "SV-001 と PC-3W-01/02 を隔離済み。電子カルテ停止・救急の受け入れ制限は院長決定済み。未了: 被害範囲の特定、厚労省・警察への連絡、証拠保全。"), ct);
            await Do(id, Officer, new LogContact("中村 修", ContactChannel.Phone, ContactResult.WrongNumber, "別の家につながった", ContactDirection.Outgoing, "0000-00-1003"), ct);
            await Do(id, Director, new PostStatusUpdate("電子カルテ DB サーバー(SV-001)と 3階西病棟の端末2台にランサムウェアの暗号化。部門システムへの広がりは確認されていない。",
                "電子カルテを止めて紙運用に切替済み。救急の受け入れを制限。ベンダと被害範囲を調査中。", null, TimeSpan.FromMinutes(60)), ct);
            await StopUseNotice(id, ct);
            await Complete(id, Nurse, "2-9", ct);
            await Complete(id, Vendor, "2-10", ct);
            await Complete(id, Officer, "2-11", ct);
            await Do(id, Director, new RecordFact(new FactId("care-restriction"), "restricted",
                "外来は救急外来の重症者のみとし、予定手術は延期する。紙運用の人手を入院患者に集める"), ct);
            await Complete(id, Director, "2-12", ct, ("report-to-ministry", "yes"), ("personal-data-at-risk", "yes"), ("legal-action", "yes"), ("preserve-evidence", "yes"));
            await Do(id, Director, new LogContact("厚生労働省 医政局 担当室", ContactChannel.Phone, ContactResult.Reached, "第一報。初動対応支援チームの派遣を依頼",
                ContactDirection.Outgoing, "第一報", "受付 第0123号"), ct);
            await Do(id, Officer, new LogContact("架空県警察 サイバー犯罪対策課", ContactChannel.Phone, ContactResult.Reached, "被害相談を受理。ディスクイメージの保全を依頼された",
                ContactDirection.Outgoing, "被害相談", "受理番号 R8-0456", SpokeBy: "山本 院長"), ct);
            await Do(id, Officer, new LogContact("架空損害保険 サイバー保険 事故受付", ContactChannel.Phone, ContactResult.Reached, "事故の第一報。調査費用の対象になるか確認中",
                ContactDirection.Outgoing, "事故の届出", "事故受付番号 CY-2026-000123"), ct);
            await Complete(id, Director, "2-13", ct);
            await Reporting(id, ct);
            await Action(id, Vendor, "2-14", "preserve", ct, "EHR-DB-01 と PC-3W-01 のディスクイメージを取得");
            await Do(id, Officer, new AddNote("紙カルテ運用に移行済み。外来は救急のみ受け付け。", null), ct);
            await Do(id, Director, new PostStatusUpdate("厚生労働省・警察・保険会社へ第一報済み。個人情報保護委員会へ速報を提出。",
                "ディスクイメージを保全中。復旧はバックアップの検証後に判断する。", null, TimeSpan.FromMinutes(60)), ct);
        }

        /// <summary>
        /// Management answers rule 7 (medical records, ransomware), the first count of people affected is recorded,
        /// and the preliminary report goes to the privacy commission as text pasted into its form, on time.
        /// </summary>
        private async Task Reporting(Guid id, CancellationToken ct)
        {
            await Reporting(id, Director, new AssessReporting(
            [
                new CategoryAnswer(ReportingCategory.SensitiveData, true, "電子カルテの診療情報(要配慮個人情報)が暗号化され、持ち出された可能性がある"),
                new CategoryAnswer(ReportingCategory.FinancialHarm, false, "クレジットカード番号は院内のシステムに保存していない"),
                new CategoryAnswer(ReportingCategory.UnlawfulPurpose, true, "ランサムウェアによる不正アクセス"),
                new CategoryAnswer(ReportingCategory.OverThreshold, false, "現時点の調査では 3階西病棟の入院患者 約120人"),
            ]), ct);
            await Reporting(id, Officer, new RecordFigure(ReportingState.PeopleAffected, 120, "3階西病棟の入院患者数(初期集計)"), ct);
            clock.Advance(TimeSpan.FromHours(20));
            var load = ActivatorUtilities.CreateInstance<LoadReporting>(demo.Services, clock);
            var view = (await load.View(id, ct))!;
            var fields = new Dictionary<string, string>(ReportDrafting.Fill(ReportTemplates.Get(ReportKind.PrivacyPreliminary), await load.Context(view, ct)))
            {
                ["data-items"] = "氏名、生年月日、病名、処方内容、看護記録",
                ["secondary-harm"] = "現時点で、データの公開や悪用は確認されていない(リークサイトを監視中)",
            };
            var issue = ActivatorUtilities.CreateInstance<IssueReportDocument>(demo.Services, ActivatorUtilities.CreateInstance<ApplyReportingCommand>(demo.Services, clock));
            Appended((await issue.Run(As(Director), view,
                new IssueRequest("privacy-preliminary", fields, ReportFormat.Text, "個人情報保護委員会", ContactChannel.WebForm, "受付番号は後日通知", null), ct)).Outcome);
        }

        private async Task Reporting(Guid id, Actor actor, ReportingCommand command, CancellationToken ct)
        {
            clock.Advance(TimeSpan.FromMinutes(Random.Shared.Next(10, 60)));
            Appended(await _reporting.Run(As(actor), id, command, null, ct));
        }

        /// <summary>A member of staff typed their password into a phishing page: cause under investigation.</summary>
        private async Task PhishingCredentials(CancellationToken ct)
        {
            var id = await Report(Clerk, new AnomalyReport("医事課", null, "事務-15", [AnomalySign.Other], clock.GetUtcNow().AddHours(-1),
                "「パスワード期限切れ」のメールのリンク先で ID とパスワードを入力してしまった", "加藤 健", "内線 2104"), ct);
            await Complete(id, Clerk, "1-3", ct);
            await Complete(id, Officer, "1-4", ct, ("anomaly-confirmed", "yes"));
            await Action(id, Officer, "2-1", "check-attack-signs", ct);
            await Do(id, Officer, new AddNote("該当アカウントのパスワードを変更済み。同じメールの受信者を確認中。", new StepId("2-1")), ct);
        }

        /// <summary>Just reported: image viewer slow on the radiology floor.</summary>
        private async Task SlowPacs(CancellationToken ct)
        {
            await Report(Nurse, new AnomalyReport("放射線科", "読影室", "PACS ビューア 2", [AnomalySign.SlowOrFrozen], clock.GetUtcNow().AddMinutes(-30),
                "画像の表示に1分以上かかる", "佐藤 美咲", "院内PHS 3021"), ct);
        }

        private async Task<Guid> Open(Actor actor, NewIncident incident, CancellationToken ct) =>
            Appended(await _open.Run(As(actor), incident, null, null, ct)).IncidentId;

        private async Task<Guid> Report(Actor actor, AnomalyReport report, CancellationToken ct)
        {
            clock.Advance(TimeSpan.FromHours(7));
            return Appended(await _open.Run(As(actor), new NewIncident(FileAnomalyReport.Title(report), IncidentSource.AnomalyReport, Report: report), null, null, ct)).IncidentId;
        }

        private async Task Complete(Guid id, Actor actor, string step, CancellationToken ct, params (string Fact, string Value)[] facts)
        {
            foreach (var (fact, value) in facts)
                await Do(id, actor, new RecordFact(new FactId(fact), value), ct);
            await Do(id, actor, new CompleteStep(new StepId(step)), ct);
        }

        private Task Action(Guid id, Actor actor, string step, string action, CancellationToken ct, string? comment = null) =>
            Do(id, actor, new CompleteAction(new StepId(step), action, comment), ct);

        /// <summary>
        /// The officer tells everyone to stop using the electronic record (2-7/2-9), from the draft the record fills;
        /// most of the staff acknowledge it through their links within the hour, some do not.
        /// </summary>
        private async Task StopUseNotice(Guid id, CancellationToken ct)
        {
            clock.Advance(TimeSpan.FromMinutes(3));
            await using var scope = demo.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Data.OrganizationScope>().Enter(organizationId);
            var store = ActivatorUtilities.CreateInstance<Notices.NoticeStore>(scope.ServiceProvider, clock);
            var send = ActivatorUtilities.CreateInstance<Notices.SendNotice>(scope.ServiceProvider, clock, store);
            var sent = await send.Run(As(Officer), new Notices.SendNoticeRequest("stop-use", "【至急】電子カルテの使用を停止してください",
                "電子カルテ DB サーバーにランサムウェアの暗号化が見つかりました。電子カルテの端末は電源を切らずに LAN ケーブルを抜き、使わないでください。\n"
                + "・電子カルテ:紙カルテと紙の指示簿で運用(各病棟の非常用ボックス)\n・オーダ:紙伝票で検査部・薬剤部へ\n確認したら所属長に伝えてください。",
                new Notices.AudienceRequest(true, null, null, null), id.ToString()), null, ct);
            if (sent.Result is not Microsoft.AspNetCore.Http.HttpResults.Created<Notices.NoticeSummary> created)
                throw new InvalidOperationException("The demo's stop-use notice was not sent.");
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            var recipients = await db.NoticeRecipients.Where(r => r.NoticeId == created.Value!.Id).OrderBy(r => r.Name).Select(r => r.Id).ToListAsync(ct);
            var acks = scope.ServiceProvider.GetRequiredService<Notices.AckWriter>();
            var at = clock.GetUtcNow();
            foreach (var (recipient, i) in recipients.Select((r, i) => (r, i)).Where(x => x.i % 4 != 3))
                await acks.Mark(recipient, i % 3 == 0 ? "app" : "link", at.AddMinutes(2 + (i * 3)), null);
        }

        private async Task Do(Guid id, Actor actor, IncidentCommand command, CancellationToken ct)
        {
            clock.Advance(TimeSpan.FromMinutes(Random.Shared.Next(4, 40)));
            Appended(await _apply.Run(As(actor), id, command, null, ct));
        }

        /// <summary>
        /// The script writes the demo hospital's history as the hospital itself records it: every actor, the vendor
        /// engineer too, is recorded without a session's limits (there is no session; the invitations come after).
        /// </summary>
        private Caller As(Actor actor) => new(organizationId, actor);

        private static CommandOutcome.Appended Appended(CommandOutcome outcome) => outcome as CommandOutcome.Appended
            ?? throw new InvalidOperationException($"The demo script was refused: {outcome}");
    }

    /// <summary>A clock the demo moves forward by hand, so that its incidents unfold over days.</summary>
    private sealed class ScriptedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = """

        ==============================================================
          デモ / Demo: {Name}
          架空の病院です。API キー / API keys (Authorization: Bearer …):
            security-officer  {Officer}
            management        {Management}
            staff             {Staff}
            vendor            {Vendor}
        ==============================================================
        """)]
    private static partial void LogDemo(ILogger logger, string name, string officer, string management, string staff, string vendor);
}
