namespace Sonae.Core.Preparedness;

/// <summary>How hard a person is to call in when the hospital's own systems are down.</summary>
public enum Reachability
{
    /// <summary>A phone that rings from outside the hospital.</summary>
    Good,

    /// <summary>No way to reach them at all.</summary>
    NoChannels,

    /// <summary>Only e-mail, chat or a web form: the very networks an attack takes down.</summary>
    NetworkOnly,

    /// <summary>Only PHS or an extension: nobody can call them in from home at night.</summary>
    InsideOnly,

    /// <summary>Some voice line, but none that rings from outside, plus network channels.</summary>
    NoOutsidePhone,
}

/// <summary>One person's place in the call tree: whom they are called by, and at which depth and turn.</summary>
public sealed record CallTreeEntry(Person Person, int Level, int Order, Person? CalledBy);

/// <summary>The rules of the emergency call tree: who calls whom, and who cannot really be called.</summary>
public static class CallTree
{
    /// <summary>How hard the person is to call in, from their channels.</summary>
    public static Reachability ReachabilityOf(Person person)
    {
        var kinds = person.Channels.Select(c => c.Kind).ToList();
        if (kinds.Count == 0)
            return Reachability.NoChannels;
        if (kinds.Any(k => k.RingsFromOutside()))
            return Reachability.Good;
        if (kinds.All(k => k.NeedsNetwork()))
            return Reachability.NetworkOnly;
        if (kinds.All(k => k.IsInsideOnly()))
            return Reachability.InsideOnly;
        return Reachability.NoOutsidePhone;
    }

    /// <summary>What readiness says of a person nobody can phone from outside; null when they can be.</summary>
    public static ReadinessFinding? Unreachable(Person person) => ReachabilityOf(person) switch
    {
        Reachability.Good => null,
        Reachability.NoChannels => new(FindingKind.PersonWithoutChannels, person.Id, person.Name),
        Reachability.NetworkOnly => new(FindingKind.PersonNetworkOnly, person.Id, person.Name),
        Reachability.InsideOnly => new(FindingKind.PersonInsideOnly, person.Id, person.Name),
        Reachability.NoOutsidePhone => new(FindingKind.PersonNoOutsidePhone, person.Id, person.Name),
    };

    /// <summary>
    /// The tree in calling order, depth first: the root, then the first person the root calls and everyone that
    /// person calls, then the root's second call, and so on. People the tree never reaches are not in it; a link in
    /// a cycle is followed once.
    /// </summary>
    public static IReadOnlyList<CallTreeEntry> Walk(PeopleDirectory directory)
    {
        var root = directory.Find(directory.CallTreeRoot);
        if (root is null)
            return [];
        var entries = new List<CallTreeEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Visit(root, 0, 0, null);
        return entries;

        void Visit(Person person, int level, int order, Person? calledBy)
        {
            if (!seen.Add(person.Id))
                return;
            entries.Add(new CallTreeEntry(person, level, order, calledBy));
            foreach (var link in CallsBy(directory, person.Id))
            {
                if (directory.Find(link.Callee) is { } callee)
                    Visit(callee, level + 1, link.Order, person);
            }
        }
    }

    /// <summary>What is wrong with the tree and with the people in it, in the order a reader would fix it.</summary>
    public static IReadOnlyList<ReadinessFinding> Check(PeopleDirectory directory)
    {
        var findings = new List<ReadinessFinding>();
        if (directory.CallTreeRoot is null)
        {
            if (directory.People.Count > 0)
                findings.Add(new ReadinessFinding(FindingKind.CallTreeMissing, "", null));
        }
        else if (directory.Find(directory.CallTreeRoot) is null)
        {
            findings.Add(new ReadinessFinding(FindingKind.CallTreeUnknownPerson, directory.CallTreeRoot, null));
        }

        foreach (var link in directory.CallTree)
        {
            foreach (var id in new[] { link.Caller, link.Callee })
            {
                if (directory.Find(id) is null)
                    findings.Add(new ReadinessFinding(FindingKind.CallTreeUnknownPerson, id, null));
            }
        }

        foreach (var twice in directory.CallTree.GroupBy(l => l.Callee, StringComparer.Ordinal).Where(g => g.Count() > 1))
            findings.Add(new ReadinessFinding(FindingKind.CallTreeCalledTwice, twice.Key, string.Join(", ", twice.Select(l => l.Caller))));
        foreach (var closing in CycleClosers(directory))
            findings.Add(new ReadinessFinding(FindingKind.CallTreeCycle, closing.Callee, closing.Caller));

        var reached = Reached(Walk(directory));
        foreach (var person in directory.People)
        {
            if (person.IsKey && directory.CallTreeRoot is not null && !reached.Contains(person.Id))
                findings.Add(new ReadinessFinding(FindingKind.KeyPersonNotCalled, person.Id, person.Name));
            if (!person.IsKey && !reached.Contains(person.Id))
                continue;
            if (Unreachable(person) is { } finding)
                findings.Add(finding);
        }
        return findings;
    }

    /// <summary>
    /// The people of the record that the call tree does not reach (<paramref name="walk"/> is its <see cref="Walk"/>),
    /// in the record's order: the binder lists them after the tree so that nobody on record is left out.
    /// </summary>
    public static IReadOnlyList<Person> NotReached(PeopleDirectory directory, IReadOnlyList<CallTreeEntry> walk)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(walk);
        var reached = Reached(walk);
        return [.. directory.People.Where(p => !reached.Contains(p.Id))];
    }

    private static HashSet<string> Reached(IEnumerable<CallTreeEntry> walk) => walk.Select(e => e.Person.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The links that lead back to someone already on the way (a depth-first search's back edges).</summary>
    private static List<CallLink> CycleClosers(PeopleDirectory directory)
    {
        var closers = new List<CallLink>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in directory.CallTree.Select(l => l.Caller).Distinct(StringComparer.Ordinal))
            Visit(start);
        return closers;

        void Visit(string id)
        {
            if (finished.Contains(id))
                return;
            onPath.Add(id);
            foreach (var link in CallsBy(directory, id))
            {
                if (onPath.Contains(link.Callee))
                    closers.Add(link);
                else
                    Visit(link.Callee);
            }
            onPath.Remove(id);
            finished.Add(id);
        }
    }

    private static IEnumerable<CallLink> CallsBy(PeopleDirectory directory, string caller) =>
        directory.CallTree.Where(l => string.Equals(l.Caller, caller, StringComparison.Ordinal)).OrderBy(l => l.Order);
}
