using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Incidents;

/// <summary>
/// Runs commands against one incident the way the application does: the rules decide, the chain seals, the
/// progress folds. Keeps every recorded event so tests can check the record too.
/// </summary>
internal sealed class IncidentDriver
{
    public static readonly Actor Officer = new("key-so", "情報システム課 田中", new HashSet<Role> { Role.SecurityOfficer });
    public static readonly Actor Director = new("key-mgmt", "院長 鈴木", new HashSet<Role> { Role.Management });
    public static readonly Actor Nurse = new("key-staff", "看護師 佐藤", new HashSet<Role> { Role.Staff });
    public static readonly Actor Vendor = new("key-vendor", "電子カルテベンダ 高橋", new HashSet<Role> { Role.Vendor });

    private readonly List<RecordedEvent> _record = [];

    /// <param name="rules">The reporting rules the incident is opened under (the profile's at the opening).</param>
    public IncidentDriver(NewIncident open, Actor? opener = null, Playbook? playbook = null, Core.Reporting.ReportingRules? rules = null)
    {
        Playbook = playbook ?? BuiltInPlaybooks.MhlwIncidentFlowchart;
        Head = IncidentHead.New(Guid.NewGuid(), Guid.NewGuid());
        var decision = IncidentRules.Open(Playbook, new PlaybookRef(Playbook.Id, 1, Playbook.Sha256), 1, opener ?? Officer, open, Clock.GetUtcNow(), rules ?? Core.Reporting.ReportingRules.Default);
        Assert.True(decision.IsAccepted, $"Opening was refused: {decision.Refusal}");
        Append(decision);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero));

    public Playbook Playbook { get; }

    public IncidentProgress Progress { get; private set; } = IncidentProgress.Empty;

    public IncidentHead Head { get; private set; }

    /// <summary>When the incident was opened: its first event's time, as the incident's row keeps it.</summary>
    public DateTimeOffset OpenedAt => _record[0].At;

    public IReadOnlyList<RecordedEvent> Record => _record;

    public IncidentSnapshot Snapshot => StepStates.Compute(Playbook, Progress);

    public StepState State(string step) => Snapshot[new StepId(step)].State;

    public static IncidentDriver OpenedByHand() => new(new NewIncident("電子カルテ端末の異常", IncidentSource.Manual));

    /// <summary>Runs a command that must be accepted; returns the events it recorded.</summary>
    public IReadOnlyList<RecordedEvent> Do(Actor actor, IncidentCommand command)
    {
        Clock.Advance(TimeSpan.FromMinutes(3));
        var decision = IncidentRules.Decide(Playbook, Progress, actor, command, Clock.GetUtcNow(), OpenedAt);
        Assert.True(decision.IsAccepted, $"{command} by {actor.Name} was refused: {decision.Refusal}");
        return Append(decision);
    }

    /// <summary>Runs a command that must be refused, with no event to record.</summary>
    public Refusal Refused(Actor actor, IncidentCommand command)
    {
        var decision = IncidentRules.Decide(Playbook, Progress, actor, command, Clock.GetUtcNow(), OpenedAt);
        Assert.False(decision.IsAccepted, $"{command} by {actor.Name} was accepted");
        Assert.Empty(decision.Events);
        return decision.Refusal!;
    }

    public void Fact(Actor actor, string fact, string value, string? reason = null) => Do(actor, new RecordFact(new FactId(fact), value, reason));

    public void Complete(Actor actor, string step, params string[] facts)
    {
        for (var i = 0; i + 1 < facts.Length; i += 2)
            Fact(actor, facts[i], facts[i + 1]);
        Do(actor, new CompleteStep(new StepId(step)));
    }

    /// <summary>Where this incident's record stands, as a merge or an attach sees it.</summary>
    public JoinSide Side(int number, string title = "電子カルテ端末の異常") => new(new IncidentLink(number, Head.IncidentId), title, Progress, Head.LastSeq);

    /// <summary>Appends events decided elsewhere (one side of a merge or an attach).</summary>
    public IReadOnlyList<RecordedEvent> Append(IReadOnlyList<(EventActor, EventData)> decided) => Append(Decision.Accept(decided));

    /// <summary>Whether the record verifies as <c>sonae verify</c> checks it, against the fold kept here.</summary>
    public ChainBreak? Verify()
    {
        var verifier = new ChainVerifier(Head.OrganizationId, Head.IncidentId);
        foreach (var e in Record)
            verifier.Add(new StoredEvent(e.Seq, e.Type.WireName(), e.At, e.Body, e.Hash, Head.OrganizationId));
        return verifier.Break ?? verifier.Finish(Head.LastSeq, Head.HeadHash, Progress);
    }

    private List<RecordedEvent> Append(Decision decision)
    {
        var (events, recorded, head) = EventChain.Append(Head, decision.Events, Clock.GetUtcNow());
        foreach (var e in events)
            Progress = Progress.Apply(e);
        Head = head;
        _record.AddRange(recorded);
        return [.. recorded];
    }
}
