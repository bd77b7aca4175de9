using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

public sealed class CallTreeTests
{
    [Fact]
    public void Walk_CompleteTree_GoesDepthFirstInCallingOrder()
    {
        var entries = CallTree.Walk(Prepared.People);

        Assert.Equal(["p-officer", "p-director", "p-vice", "p-deputy"], entries.Select(e => e.Person.Id));
        Assert.Equal([0, 1, 2, 1], entries.Select(e => e.Level));
        Assert.Equal("p-director", entries[2].CalledBy?.Id);
    }

    [Theory]
    [InlineData(new[] { ChannelKind.Email }, Reachability.NetworkOnly)]
    [InlineData(new[] { ChannelKind.Email, ChannelKind.Chat }, Reachability.NetworkOnly)]
    [InlineData(new[] { ChannelKind.Phs }, Reachability.InsideOnly)]
    [InlineData(new[] { ChannelKind.Phs, ChannelKind.Extension }, Reachability.InsideOnly)]
    [InlineData(new[] { ChannelKind.Phs, ChannelKind.Email }, Reachability.NoOutsidePhone)]
    [InlineData(new[] { ChannelKind.Phs, ChannelKind.Mobile }, Reachability.Good)]
    [InlineData(new[] { ChannelKind.Email, ChannelKind.Home }, Reachability.Good)]
    [InlineData(new ChannelKind[0], Reachability.NoChannels)]
    public void ReachabilityOf_Channels_SaysWhetherTheyCanBeCalledInFromOutside(ChannelKind[] kinds, Reachability expected)
    {
        var person = Prepared.Officer with { Channels = [.. kinds.Select(k => new Channel(k, "x"))] };

        Assert.Equal(expected, CallTree.ReachabilityOf(person));
    }

    [Fact]
    public void Check_CompleteTree_FindsNothing()
    {
        Assert.Empty(CallTree.Check(Prepared.People));
    }

    [Fact]
    public void Check_KeyPersonOnlyByEmail_WarnsByName()
    {
        var people = Prepared.People.WithPerson(Prepared.Vice with { Channels = [new(ChannelKind.Email, "vice@example.jp")] });

        var finding = Assert.Single(CallTree.Check(people));
        Assert.Equal(FindingKind.PersonNetworkOnly, finding.Kind);
        Assert.Equal("p-vice", finding.Subject);
        Assert.Contains("高橋 副院長", finding.Text.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_KeyPersonOnlyInside_Warns()
    {
        var people = Prepared.People.WithPerson(Prepared.Deputy with { Channels = [new(ChannelKind.Phs, "5102")] });

        Assert.Equal(FindingKind.PersonInsideOnly, Assert.Single(CallTree.Check(people)).Kind);
    }

    [Fact]
    public void Check_StaffNotInTheTreeWithOnlyPhs_IsNotAFinding()
    {
        // The nurse is not a key person and nobody calls her: her PHS-only entry is fine.
        Assert.DoesNotContain(CallTree.Check(Prepared.People), f => f.Subject == "p-nurse");
    }

    [Fact]
    public void Check_KeyPersonNobodyCalls_IsFound()
    {
        var people = Prepared.People with { CallTree = [.. Prepared.People.CallTree.Where(l => l.Callee != "p-vice")] };

        Assert.Equal(FindingKind.KeyPersonNotCalled, Assert.Single(CallTree.Check(people)).Kind);
    }

    [Fact]
    public void Check_UnknownPersonCalledTwiceAndCycle_AreEachFound()
    {
        var people = Prepared.People with
        {
            CallTree = [.. Prepared.People.CallTree, new("p-deputy", "p-ghost", 1), new("p-deputy", "p-vice", 2), new("p-vice", "p-officer", 1)],
        };

        var kinds = CallTree.Check(people).Select(f => (f.Kind, f.Subject)).ToList();

        Assert.Contains((FindingKind.CallTreeUnknownPerson, "p-ghost"), kinds);
        Assert.Contains((FindingKind.CallTreeCalledTwice, "p-vice"), kinds);
        Assert.Contains((FindingKind.CallTreeCycle, "p-officer"), kinds);
    }

    [Fact]
    public void Walk_Cycle_VisitsEachPersonOnce()
    {
        var people = Prepared.People with { CallTree = [.. Prepared.People.CallTree, new("p-vice", "p-officer", 1)] };

        Assert.Equal(4, CallTree.Walk(people).Count);
    }

    [Fact]
    public void NotReached_ListsThePeopleTheTreeDoesNotCall_InTheRecordsOrder()
    {
        // The nurse is on record but not in the tree.
        Assert.Equal([Prepared.Nurse.Id], CallTree.NotReached(Prepared.People, CallTree.Walk(Prepared.People)).Select(p => p.Id));

        var people = Prepared.People with { CallTree = [.. Prepared.People.CallTree.Where(l => l.Callee != "p-director")] };

        // The director is no longer called, and nor is the vice-director whom only the director called.
        Assert.Equal(["p-director", "p-vice", Prepared.Nurse.Id], CallTree.NotReached(people, CallTree.Walk(people)).Select(p => p.Id));
    }

    [Fact]
    public void Check_PeopleWithoutTree_SaysTheTreeIsMissing()
    {
        var people = Prepared.People with { CallTreeRoot = null, CallTree = [] };

        Assert.Equal(FindingKind.CallTreeMissing, Assert.Single(CallTree.Check(people)).Kind);
    }
}
