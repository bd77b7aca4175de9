using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace Sonae.Architecture.Tests;

/// <summary>
/// What each project may touch (docs/architecture.md), read from the built assemblies: the assemblies each one
/// references, and to be sure the types its code uses, so that a rule broken only in a method body still fails.
/// </summary>
public sealed class ProjectBoundaryTests
{
    private static readonly Assembly Core = typeof(Core.TextRules).Assembly;
    private static readonly Assembly Data = typeof(Data.SonaeDbContext).Assembly;
    private static readonly Assembly Web = typeof(Web.Hosting.SonaeWebApp).Assembly;

    /// <summary>ASP.NET Core's own tables as EF Core maps them: Identity's stores and Data Protection's key ring.</summary>
    private static readonly string[] DataMayUseOfAspNetCore =
    [
        "Microsoft.AspNetCore.Identity.EntityFrameworkCore",
        "Microsoft.AspNetCore.DataProtection.EntityFrameworkCore",
    ];

    [Fact]
    public void Core_UsesNoDatabaseNoWebFrameworkAndNeitherDataNorWeb()
    {
        string[] assemblies = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "Npgsql", Name(Data), Name(Web)];
        string[] namespaces = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Sonae.Data", "Sonae.Web"];

        AssertNone(Core,
            References(Core).Where(r => assemblies.Any(a => IsOrUnder(r, a))),
            UsedTypes(Core).Where(t => assemblies.Any(a => IsOrUnder(t.Assembly, a)) || namespaces.Any(n => IsOrUnder(t.Namespace, n))));
    }

    [Fact]
    public void Data_UsesNeitherWebNorTheWebFramework()
    {
        // By assembly rather than namespace: Identity's entities are in Microsoft.AspNetCore.Identity but come from
        // Microsoft.Extensions.Identity.Stores, and its sign-in (the web part) is in the same namespace.
        bool Forbidden(string assembly) =>
            assembly == Name(Web) || (IsOrUnder(assembly, "Microsoft.AspNetCore") && !DataMayUseOfAspNetCore.Contains(assembly));

        AssertNone(Data,
            References(Data).Where(Forbidden),
            UsedTypes(Data).Where(t => Forbidden(t.Assembly) || IsOrUnder(t.Namespace, "Sonae.Web")));
    }

    /// <summary>
    /// Pages read through their area's queries and change through its commands: none takes the database, by
    /// <c>@inject</c>, an [Inject] property, a constructor parameter or a service provider. Every Razor component of
    /// Web is checked (pages, the components they render, layouts and documents): a page's child is the page as far
    /// as this rule goes. NetArchTest reads each type's IL, method bodies included.
    /// </summary>
    [Fact]
    public void Components_DoNotTakeTheDbContext()
    {
        var database = new[] { typeof(DbContext), typeof(IDbContextFactory<>) }
            .Concat(new[] { Data, Web }.SelectMany(a => a.GetTypes()).Where(t => t.IsSubclassOf(typeof(DbContext))))
            .Select(FullName)
            .ToArray();

        var offenders = Types.InAssembly(Web).That().HaveDependencyOnAny(database).GetTypes()
            .Select(t => Outermost(t.ReflectionType))
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .Distinct()
            .Select(Describe)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0,
            $"{offenders.Count} Razor components take the database ({string.Join(", ", database)}); "
            + $"give them their area's queries and commands instead:\n  {string.Join("\n  ", offenders)}");
    }

    private static IEnumerable<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(r => r.Name!);

    /// <summary>
    /// Every type the assembly's code names (in a signature, an attribute or a method body) with the assembly it comes
    /// from, as its metadata lists them.
    /// </summary>
    private static List<UsedType> UsedTypes(Assembly assembly)
    {
        using var file = File.OpenRead(assembly.Location);
        using var reader = new PEReader(file);
        var metadata = reader.GetMetadataReader();
        var used = new List<UsedType>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var name = metadata.GetString(type.Name);
            // A nested type's scope is the type it is nested in, whose namespace and assembly are the ones that count.
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
                type = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            if (type.ResolutionScope.Kind == HandleKind.AssemblyReference)
            {
                var from = metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope);
                used.Add(new UsedType(metadata.GetString(type.Namespace), name, metadata.GetString(from.Name)));
            }
        }
        return used;
    }

    private static void AssertNone(Assembly assembly, IEnumerable<string> references, IEnumerable<UsedType> uses)
    {
        var found = references.Select(r => "references " + r).Concat(uses.Select(u => "uses " + u)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(found.Count == 0, $"{Name(assembly)} touches what it may not (docs/architecture.md):\n  {string.Join("\n  ", found)}");
    }

    private static string Name(Assembly assembly) => assembly.GetName().Name!;

    private static bool IsOrUnder(string name, string prefix) =>
        name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);

    /// <summary>A lambda or an async method's state machine is a nested type: the rule is about the type that wrote it.</summary>
    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
            type = outer;
        return type;
    }

    /// <summary>The name NetArchTest matches: a generic type's without its arity (IDbContextFactory, not IDbContextFactory`1).</summary>
    private static string FullName(Type type) =>
        type.IsGenericTypeDefinition ? type.FullName![..type.FullName!.IndexOf('`', StringComparison.Ordinal)] : type.FullName!;

    private static string Describe(Type component) =>
        component.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToList() is { Count: > 0 } routes
            ? $"page {string.Join(" ", routes)} ({component.FullName})"
            : $"component {component.FullName}";

    private sealed record UsedType(string Namespace, string Name, string Assembly)
    {
        public override string ToString() => $"{Namespace}.{Name} ({Assembly})";
    }
}
