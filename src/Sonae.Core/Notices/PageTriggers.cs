using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Reporting;

namespace Sonae.Core.Notices;

/// <summary>Something about an incident that pages people, once: what, whom, and the page's title.</summary>
/// <param name="Trigger">Its key, unique per incident (<c>step-overdue:2-1</c>, <c>clock:privacy-preliminary</c>).</param>
/// <param name="Role">The role whose chain is paged.</param>
/// <param name="Title">The page's title, in both languages.</param>
public sealed record PageTrigger(string Trigger, Role Role, LocalizedText Title);

/// <summary>
/// What pages people during an incident besides its opening: a step past its target time (its owner's chain), and a
/// legal clock with a day or less left (the security officer's chain, which ends with management). Each pages once;
/// one that went off more than <see cref="Recent"/> ago is not paged late (a server started mid-incident does not
/// page for what everyone has long seen).
/// </summary>
public static class PageTriggers
{
    /// <summary>How recent a step's lateness or a clock's last day must be to page for it.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromHours(1);

    /// <summary>The pages <paramref name="steps"/> and <paramref name="clocks"/> call for at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PageTrigger> Due(Playbook playbook, int incidentNumber, IReadOnlyList<StepClock> steps, LegalClocks? clocks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(steps);
        var due = new List<PageTrigger>();
        foreach (var step in steps)
        {
            if (step.Due is not { } late || now <= late || now - late > Recent || playbook.FindStep(step.Step) is not { } definition)
                continue;
            var role = definition.Roles.Contains(Role.SecurityOfficer) ? Role.SecurityOfficer
                : definition.Roles.Contains(Role.Management) ? Role.Management : Role.SecurityOfficer;
            due.Add(new PageTrigger($"step-overdue:{step.Step.Value}", role,
                Bilingual.Format(NoticeTexts.ResourceManager, "Page_StepOverdue", incidentNumber, step.Step.Value, definition.Title.Ja, definition.Title.En)));
        }
        if (clocks is { Running: true } && clocks.Next.Done is null)
        {
            var clock = clocks.Next;
            var lastDay = clock.Due - TimeSpan.FromDays(1);
            if (now >= lastDay && now - lastDay <= Recent + TimeSpan.FromDays(1) && (now < clock.Due || now - clock.Due <= Recent))
            {
                var report = ReportTemplates.Get(clock.Report);
                due.Add(new PageTrigger($"clock:{report.Id}", Role.SecurityOfficer,
                    Bilingual.Format(NoticeTexts.ResourceManager, now < clock.Due ? "Page_ClockLastDay" : "Page_ClockOverdue", incidentNumber, report.Title.Ja, report.Title.En)));
            }
        }
        return due;
    }
}
