using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;

namespace Sonae.Web.Aftercare.Measures;

/// <summary>
/// The read side of measures and contractor instructions: lists, one by number or id with everything shown about it,
/// and what is overdue (the readiness page's findings, the officer's home). Dates are days in Japan.
/// </summary>
public sealed class LoadMeasures(SonaeDbContext db, TimeProvider clock)
{
    public DateOnly Today => MeasureRules.Today(clock.GetUtcNow());

    /// <summary>The hospital's measures, newest first; only those of <paramref name="status"/>, or only overdue ones, when asked.</summary>
    public async Task<IReadOnlyList<MeasureView>> List(MeasureStatus? status, bool overdueOnly, CancellationToken cancellationToken)
    {
        var query = db.Measures.AsNoTracking();
        if (status is { } wanted)
        {
            var id = wanted.Id();
            query = query.Where(m => m.Status == id);
        }
        var rows = await query.OrderByDescending(m => m.Number).ToListAsync(cancellationToken);
        var incidents = await Incidents(rows.Select(r => r.IncidentId), cancellationToken);
        var today = Today;
        return [.. rows.Select(r => MeasureView.Of(r, IncidentOf(r.IncidentId, incidents), today)).Where(m => !overdueOnly || m.Overdue)];
    }

    /// <summary>A measure by its number or its id, with its notices, training and instructions; null when there is none.</summary>
    public async Task<MeasureDetail?> Detail(string id, CancellationToken cancellationToken)
    {
        if (await Find(db, id, cancellationToken) is not { } row)
            return null;
        var incidents = await Incidents([row.IncidentId], cancellationToken);
        var view = MeasureView.Of(row, IncidentOf(row.IncidentId, incidents), Today);
        var links = await db.MeasureNotices.AsNoTracking().Where(l => l.MeasureId == row.Id).Select(l => l.NoticeId).ToListAsync(cancellationToken);
        var notices = await db.Notices.AsNoTracking().Where(n => links.Contains(n.Id)).OrderBy(n => n.Number).ToListAsync(cancellationToken);
        var recipients = await db.NoticeRecipients.AsNoTracking().Where(r => links.Contains(r.NoticeId) && r.NotifiedAt != null).ToListAsync(cancellationToken);
        var training = await db.MeasureTrainings.AsNoTracking().Where(t => t.MeasureId == row.Id).OrderBy(t => t.HeldOn).ThenBy(t => t.RecordedAt).ToListAsync(cancellationToken);
        var instructions = await Instructions(row.Id, cancellationToken);
        return new MeasureDetail(view, [.. MeasureRules.Next(view.State).Select(s => s.Id())],
            [.. notices.Select(n =>
            {
                var of = recipients.Where(r => r.NoticeId == n.Id).ToList();
                return new DisseminationView(n.Number, n.Title, n.SentAt, of.Count(r => r.AcknowledgedAt != null), of.Count,
                    [.. of.Where(r => r.AcknowledgedAt == null).Select(r => r.Name).Order(StringComparer.Ordinal)]);
            })],
            [.. training.Select(t => new TrainingView(t.Id, t.HeldOn, t.Title, t.Attendees, t.Count, t.RecordedBy))],
            instructions);
    }

    /// <summary>The instructions to contractors, newest first (of one measure, when given).</summary>
    public async Task<IReadOnlyList<InstructionView>> Instructions(Guid? measure, CancellationToken cancellationToken)
    {
        var query = db.ContractorInstructions.AsNoTracking();
        if (measure is { } m)
            query = query.Where(i => i.MeasureId == m);
        var rows = await query.OrderByDescending(i => i.Number).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var checks = await db.InstructionChecks.AsNoTracking().Where(c => ids.Contains(c.InstructionId)).ToListAsync(cancellationToken);
        var measures = await MeasureNumbers(rows.Select(r => r.MeasureId), cancellationToken);
        return [.. rows.Select(r => InstructionOf(r, [.. checks.Where(c => c.InstructionId == r.Id)], measures))];
    }

    /// <summary>An instruction by its number or id, with its checks (latest first) and its vendor links; null when there is none.</summary>
    public async Task<InstructionDetail?> Instruction(string id, CancellationToken cancellationToken)
    {
        if (await FindInstruction(db, id, cancellationToken) is not { } row)
            return null;
        var (view, checks) = await WithChecks(row, cancellationToken);
        var now = clock.GetUtcNow();
        var links = await db.InstructionLinks.AsNoTracking().Where(l => l.InstructionId == row.Id).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        return new InstructionDetail(view, checks, [.. links.Select(l => new LinkView(l.Id, l.Prefix, l.CreatedAt, l.ExpiresAt, SignInRules.Invitation(l.ExpiresAt, null, l.RevokedAt, now).Id()))]);
    }

    /// <summary>The instruction and its checks as a vendor's link shows them (the link already put this context in its hospital).</summary>
    public async Task<(InstructionView View, IReadOnlyList<CheckView> Checks)> WithChecks(ContractorInstructionRow row, CancellationToken cancellationToken)
    {
        var checks = await db.InstructionChecks.AsNoTracking().Where(c => c.InstructionId == row.Id).ToListAsync(cancellationToken);
        var measures = await MeasureNumbers([row.MeasureId], cancellationToken);
        return (InstructionOf(row, checks, measures), [.. checks.OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.RecordedAt).Select(CheckOf)]);
    }

    /// <summary>
    /// What is overdue today, as readiness findings: measures past their due day and not done or dropped, and
    /// contractors' checks past their due day (Core's <see cref="MeasureRules.Findings"/> decides). Each names its number; the readiness page links to where it is fixed.
    /// </summary>
    public async Task<IReadOnlyList<ReadinessFinding>> Findings(CancellationToken cancellationToken)
    {
        var measures = await List(null, overdueOnly: false, cancellationToken);
        var instructions = await Instructions(null, cancellationToken);
        return MeasureRules.Findings(measures.Select(m => new MeasureDue(m.Number, m.Due, m.State)),
            instructions.Select(i => new CheckDue(i.Number, i.Vendor, i.NextCheckDue)), Today);
    }

    /// <summary>A measure by number or id, through the hospital's filter; null for a name that cannot be one.</summary>
    public static Task<MeasureRow?> Find(SonaeDbContext db, string id, CancellationToken cancellationToken)
    {
        id = id.Trim();
        if (Guid.TryParse(id, out var guid))
            return db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Id == guid, cancellationToken);
        return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Number == number, cancellationToken)
            : Task.FromResult<MeasureRow?>(null);
    }

    /// <summary>An instruction by number or id, through the hospital's filter; null for a name that cannot be one.</summary>
    public static Task<ContractorInstructionRow?> FindInstruction(SonaeDbContext db, string id, CancellationToken cancellationToken)
    {
        id = id.Trim();
        if (Guid.TryParse(id, out var guid))
            return db.ContractorInstructions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == guid, cancellationToken);
        return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? db.ContractorInstructions.AsNoTracking().FirstOrDefaultAsync(i => i.Number == number, cancellationToken)
            : Task.FromResult<ContractorInstructionRow?>(null);
    }

    /// <summary>The check schedule an instruction row keeps.</summary>
    public static CheckSchedule ScheduleOf(ContractorInstructionRow row) => row.EveryMonths is { } months
        ? CheckSchedule.Every(months)
        : CheckSchedule.On(DatesOf(row));

    private static DateOnly[] DatesOf(ContractorInstructionRow row) =>
        [.. (row.Dates ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private InstructionView InstructionOf(ContractorInstructionRow row, IReadOnlyList<InstructionCheckRow> checks, Dictionary<Guid, int> measures)
    {
        var schedule = ScheduleOf(row);
        var ended = row.EndedAt is not null;
        // The schedule runs on the hospital's checks: a vendor's self-check is shown beside them but clears nothing.
        var days = checks.Where(c => !c.ByVendor).Select(c => c.CheckedOn).ToList();
        var last = checks.Where(c => !c.ByVendor).OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.RecordedAt).FirstOrDefault();
        return new InstructionView(row.Id, row.Number, row.VendorName, row.VendorPartyId, row.System, row.Instruction, row.IssuedOn,
            row.EveryMonths, schedule.Dates, row.MeasureId is { } m && measures.TryGetValue(m, out var number) ? number : null,
            row.AcknowledgedAt, row.AcknowledgedBy, schedule.NextDue(row.IssuedOn, days, ended), schedule.IsOverdue(row.IssuedOn, days, Today, ended),
            last is null ? null : CheckResults.Of(last.Complies), row.ChangedAt, row.ChangedBy, row.Version, row.EndedAt, row.EndedBy);
    }

    private static CheckView CheckOf(InstructionCheckRow c) => new(c.Id, c.CheckedOn, CheckResults.Of(c.Complies), c.Found, c.CheckedBy, c.ByVendor, c.RecordedAt);

    private async Task<Dictionary<Guid, (int Number, bool Drill)>> Incidents(IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        Guid[] wanted = [.. ids.OfType<Guid>().Distinct()];
        if (wanted.Length == 0)
            return [];
        var rows = await db.Incidents.AsNoTracking().Where(i => wanted.Contains(i.Id)).Select(i => new { i.Id, i.Number, i.Drill }).ToListAsync(cancellationToken);
        return rows.ToDictionary(i => i.Id, i => (i.Number, i.Drill));
    }

    private static (int Number, bool Drill)? IncidentOf(Guid? id, Dictionary<Guid, (int Number, bool Drill)> incidents) =>
        id is { } i && incidents.TryGetValue(i, out var found) ? found : null;

    private async Task<Dictionary<Guid, int>> MeasureNumbers(IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        Guid[] wanted = [.. ids.OfType<Guid>().Distinct()];
        if (wanted.Length == 0)
            return [];
        return await db.Measures.AsNoTracking().Where(m => wanted.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Number, cancellationToken);
    }
}
