using Sonae.Core.Access;

namespace Sonae.Core.Preparedness;

/// <summary>A person as one row of the staff list, with their place in the call tree (who phones them, in which turn).</summary>
public sealed record PersonRow(Person Person, string? CalledBy, int? Order);

/// <summary>
/// The staff list and call tree (緊急連絡網) as a spreadsheet: one row per person, with their roles, deputy, ways to
/// reach them in priority order, and who phones them. The person whom nobody phones but who phones others starts
/// the tree. Deputies and callers may be named by id or by name, and must be rows of the same file.
/// </summary>
public sealed class PeopleLedger : Ledger<PersonRow>
{
    /// <inheritdoc/>
    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("id", "ID", "Id", Required: true),
        new("name", "氏名", "Name", Required: true),
        new("department", "所属", "Department"),
        new("position", "役職", "Position"),
        new("roles", "役割", "Roles"),
        new("deputy", "代理", "Deputy"),
        new("ciso", "CISO", "CISO"),
        new("csirt", "CSIRT", "CSIRT"),
        new("department-head", "所属長", "Head of department"),
        new("channels", "連絡手段(優先順)", "Ways to reach (in order)"),
        new("called-by", "電話をかける人", "Phoned by"),
        new("order", "順番", "Turn"),
    ];

    /// <summary>The directory as rows, each person with who calls them.</summary>
    public static IReadOnlyList<PersonRow> Rows(PeopleDirectory directory) =>
        directory.People.Select(p => directory.CallTree.FirstOrDefault(l => string.Equals(l.Callee, p.Id, StringComparison.Ordinal)) is { } link
            ? new PersonRow(p, link.Caller, link.Order)
            : new PersonRow(p, null, null)).ToList();

    /// <summary>The directory the rows describe; the call tree starts at the first person who phones others and whom nobody phones.</summary>
    public static PeopleDirectory Directory(IReadOnlyList<PersonRow> rows)
    {
        // A blank turn comes after the numbered ones, in the order of the rows.
        var links = rows.Select((r, index) => (Row: r, Index: index)).Where(x => x.Row.CalledBy is not null)
            .Select(x => new CallLink(x.Row.CalledBy!, x.Row.Person.Id, x.Row.Order ?? (1000 + x.Index)))
            .ToList();
        var root = rows.FirstOrDefault(r => r.CalledBy is null && links.Any(l => string.Equals(l.Caller, r.Person.Id, StringComparison.Ordinal)))?.Person.Id;
        var departments = rows.Select(r => r.Person.Department).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new PeopleDirectory([.. rows.Select(r => r.Person)], departments, root, links);
    }

    /// <inheritdoc/>
    protected override string KeyOf(PersonRow item) => item.Person.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(PersonRow item)
    {
        var p = item.Person;
        return [p.Id, p.Name, p.Department, p.Position, Labels(p.Roles), p.Deputy, YesNo(p.Ciso), YesNo(p.Csirt), YesNo(p.DepartmentHead), Channels(p.Channels), item.CalledBy,
            item.Order?.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }

    /// <inheritdoc/>
    protected override PersonRow Read(LedgerRow row) => new(
        new Person(
            Id: row.Text("id")!,
            Name: row.Text("name")!,
            Department: row.Text("department"),
            Position: row.Text("position"),
            Roles: [.. row.Choices<Role>("roles").Distinct()],
            Deputy: row.Text("deputy"),
            Channels: row.Channels("channels"),
            Ciso: row.YesNo("ciso") ?? false,
            Csirt: row.YesNo("csirt") ?? false,
            DepartmentHead: row.YesNo("department-head") ?? false),
        row.Text("called-by"),
        row.WholeNumber("order"));

    /// <summary>Deputies and callers name rows of this file (by id or name), and become their ids.</summary>
    protected override IReadOnlyList<PersonRow> Resolve(IReadOnlyList<(int Row, PersonRow Item)> rows, Action<int, string, LedgerProblemKind, string?, string?> problem)
    {
        var ids = Aliases(rows.Select(r => r.Item.Person), p => p.Id, p => p.Name);
        var known = string.Join(", ", rows.Select(r => r.Item.Person.Id).Take(20));
        return [.. rows.Select(r =>
        {
            string? Id(string? reference, string column)
            {
                if (reference is null)
                    return null;
                if (ids.TryGetValue(reference, out var id) && !id.StartsWith(LedgerRow.AmbiguousMark, StringComparison.Ordinal))
                    return id;
                if (id is not null)
                {
                    problem(r.Row, column, LedgerProblemKind.Ambiguous, reference, id[LedgerRow.AmbiguousMark.Length..]);
                    return null;
                }
                problem(r.Row, column, LedgerProblemKind.UnknownReference, reference, known);
                return null;
            }
            return r.Item with { Person = r.Item.Person with { Deputy = Id(r.Item.Person.Deputy, "deputy") }, CalledBy = Id(r.Item.CalledBy, "called-by") };
        })];
    }
}

/// <summary>The external parties as a spreadsheet: who they are, how to reach them, and the day to check them again.</summary>
public sealed class PartyLedger : Ledger<ExternalParty>
{
    /// <inheritdoc/>
    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("id", "ID", "Id", Required: true),
        new("kind", "種別", "Kind", Required: true),
        new("name", "名称", "Name", Required: true),
        new("department", "部署・担当", "Department"),
        new("channels", "連絡手段(優先順)", "Ways to reach (in order)"),
        new("hours", "受付時間", "Hours"),
        new("contract", "契約", "Contract"),
        new("remote-access", "リモート保守", "Remote maintenance"),
        new("verify-by", "確認期限", "Verify by", Required: true),
        new("notes", "備考", "Notes"),
    ];

    /// <inheritdoc/>
    protected override string KeyOf(ExternalParty item) => item.Id;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Write(ExternalParty item) =>
        [item.Id, Label<PartyKind>(item.Kind), item.Name, item.Department, Channels(item.Channels), item.Hours, item.Contract, item.RemoteAccess, Date(item.VerifyBy), item.Notes];

    /// <inheritdoc/>
    protected override ExternalParty Read(LedgerRow row) => new(
        Id: row.Text("id")!,
        Kind: row.Choice<PartyKind>("kind") ?? PartyKind.Other,
        Name: row.Text("name")!,
        Department: row.Text("department"),
        Channels: row.Channels("channels"),
        VerifyBy: row.Date("verify-by") ?? default,
        Hours: row.Text("hours"),
        Contract: row.Text("contract"),
        RemoteAccess: row.Text("remote-access"),
        Notes: row.Text("notes"));
}
