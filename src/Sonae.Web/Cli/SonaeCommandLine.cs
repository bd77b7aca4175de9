using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Web.Checkpoints;
using Sonae.Web.Demo;
using Sonae.Web.Documents;
using Sonae.Web.Preparedness;
using Sonae.Web.Hosting;
using Sonae.Web.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Backups;
using Sonae.Web.Playbooks;
using Sonae.Web.Resources;

namespace Sonae.Web.Cli;

/// <summary>
/// The command-line verbs of the <c>sonae</c> executable. They read the same configuration as the server
/// (appsettings.json beside the executable, environment variables such as <c>Sonae__Storage__SqlitePath</c>,
/// and <c>--Sonae:Storage:SqlitePath=…</c> on the command line).
/// </summary>
public static partial class SonaeCommandLine
{
    private static readonly string[] HelpFlags = ["--help", "-h", "-?"];

    /// <summary>
    /// Whether the arguments ask for a command rather than the server: a first word that is not an option (so a
    /// mistyped verb is answered with an error, not by starting a server), or a request for help.
    /// </summary>
    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || HelpFlags.Contains(args[0], StringComparer.Ordinal));

    public static async Task<int> Run(string[] args)
    {
        SetLanguage(args);
        var lang = new Option<string>("--lang") { Description = CliTexts.LangOption };
        var root = new RootCommand(CliTexts.RootDescription);
        root.Options.Add(lang);

        var checkpoints = new Option<FileInfo[]>("--checkpoint") { Description = CliTexts.VerifyCheckpointOption };
        var trustedKey = new Option<string?>("--key") { Description = CliTexts.VerifyKeyOption };
        var verify = new Command("verify", CliTexts.VerifyDescription) { checkpoints, trustedKey };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction((result, ct) => WithServices(result, services => Verify(services, result.GetValue(checkpoints) ?? [], result.GetValue(trustedKey), ct), createDatabase: false, onlyReads: true));
        root.Subcommands.Add(verify);
        root.Subcommands.Add(CheckpointCommand());
        foreach (var command in BackupCommands().Concat(StandbyCommands()))
            root.Subcommands.Add(command);

        var incident = new Option<string>("--incident") { Description = CliTexts.ExportIncidentOption, Required = true };
        var output = new Option<FileInfo?>("--out") { Description = CliTexts.ExportOutOption };
        var organization = new Option<Guid?>("--organization") { Description = CliTexts.ExportOrganizationOption };
        var export = new Command("export", CliTexts.ExportDescription) { incident, output, organization };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction((result, ct) => WithServices(result, services =>
            Export(services, result.GetValue(incident)!, result.GetValue(organization), result.GetValue(output), ct), createDatabase: false, onlyReads: true));
        root.Subcommands.Add(export);

        var binderOut = new Option<FileInfo>("--out") { Description = CliTexts.BinderOutOption, Required = true };
        var binderOrganization = new Option<Guid?>("--organization") { Description = CliTexts.OrganizationOption };
        var poster = new Option<bool>("--poster") { Description = CliTexts.BinderPosterOption };
        var url = new Option<string?>("--url") { Description = CliTexts.BinderUrlOption };
        var reportingLink = new Option<string?>("--reporting-link") { Description = CliTexts.BinderReportingLinkOption };
        var binder = new Command("binder", CliTexts.BinderDescription) { binderOut, binderOrganization, poster, url, reportingLink };
        binder.TreatUnmatchedTokensAsErrors = false;
        binder.SetAction((result, ct) => WithServices(result, services =>
            Binder(services, result.GetValue(binderOut)!, result.GetValue(binderOrganization), result.GetValue(poster), result.GetValue(url), result.GetValue(reportingLink), ct), createDatabase: false, standby: OnStandbyCopy.Read));
        root.Subcommands.Add(binder);

        var file = new Argument<FileInfo>("file") { Description = CliTexts.PlaybookFileArgument };
        var validate = new Command("validate", CliTexts.PlaybookValidateDescription) { file };
        validate.SetAction((result, _) => ValidatePlaybook(result.GetValue(file)!));
        root.Subcommands.Add(new Command("playbook", CliTexts.PlaybookDescription) { validate });

        var name = new Argument<string>("name") { Description = CliTexts.OrgNameArgument };
        var add = new Command("add", CliTexts.OrgAddDescription) { name };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((result, ct) => WithServices(result, services => AddOrganization(services, result.GetValue(name)!, ct), createDatabase: true));
        root.Subcommands.Add(new Command("org", CliTexts.OrgDescription) { add });
        root.Subcommands.Add(AccountCommand());

        foreach (var command in root.Subcommands.SelectMany(c => c.Subcommands.Prepend(c)))
            command.Options.Add(lang);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Verifies every incident's chain; prints each broken one with its first broken event.</summary>
    private static async Task<int> Verify(IServiceProvider services, FileInfo[] checkpoints, string? trustedKey, CancellationToken cancellationToken)
    {
        var verifier = services.GetRequiredService<VerifyRecords>();
        // The records and the audit chains are checked side by side; the records' results come in order as they are ready.
        await using var run = await verifier.Start(cancellationToken);
        var broken = 0;
        var incidents = 0;
        long events = 0;
        await foreach (var checkedIncident in run.Incidents(cancellationToken))
        {
            incidents++;
            events += checkedIncident.Events;
            // Not a break (the times are hashed with their events): said, because the order of these times is not reliable.
            if (checkedIncident.Backwards is { } backwards)
                await Console.Out.WriteLineAsync(Format(CliTexts.VerifyTimeBackwards, checkedIncident.Number, checkedIncident.OrganizationName,
                    backwards.Seq, Timestamps.Format(backwards.At), backwards.PreviousSeq, Timestamps.Format(backwards.PreviousAt)));
            if (checkedIncident.Break is not { } chainBreak)
                continue;
            broken++;
            await Console.Out.WriteLineAsync(Format(chainBreak.Kind switch
            {
                ChainBreakKind.Altered => CliTexts.BreakAltered,
                ChainBreakKind.HashAltered => CliTexts.BreakHashAltered,
                ChainBreakKind.Relinked => CliTexts.BreakRelinked,
                ChainBreakKind.Missing => CliTexts.BreakMissing,
                ChainBreakKind.Mismatch => CliTexts.BreakMismatch,
                ChainBreakKind.Unreadable => CliTexts.BreakUnreadable,
                ChainBreakKind.Truncated => CliTexts.BreakTruncated,
                ChainBreakKind.StateMismatch => CliTexts.BreakStateMismatch,
                ChainBreakKind.IssuedFileMismatch => CliTexts.BreakIssuedFile,
                ChainBreakKind.EvidenceFileMismatch => CliTexts.BreakEvidenceFile,
                ChainBreakKind.CounterpartMismatch => CliTexts.BreakCounterpart,
            }, checkedIncident.Number, checkedIncident.OrganizationName, checkedIncident.IncidentId, chainBreak.Seq));
        }
        await Console.Out.WriteLineAsync(broken == 0 ? Format(CliTexts.VerifyIntact, incidents, events) : Format(CliTexts.VerifyBroken, broken, incidents));
        if (checkpoints.Length == 0)
            await Console.Out.WriteLineAsync(CliTexts.VerifyWithoutCheckpoint);
        var auditBroken = 0;
        long auditEntries = 0;
        foreach (var audit in await run.AuditChains)
        {
            auditEntries += audit.Entries;
            if (audit.Break is not { } auditBreak)
                continue;
            auditBroken++;
            await Console.Out.WriteLineAsync(Format(auditBreak.Kind switch
            {
                Core.Audit.AuditBreakKind.Altered => CliTexts.AuditAltered,
                Core.Audit.AuditBreakKind.Relinked => CliTexts.AuditRelinked,
                Core.Audit.AuditBreakKind.Missing => CliTexts.AuditMissing,
            }, audit.OrganizationName ?? CliTexts.AuditNoOrganization, auditBreak.Seq));
        }
        await Console.Out.WriteLineAsync(auditBroken == 0 ? Format(CliTexts.AuditIntact, auditEntries) : Format(CliTexts.AuditBroken, auditBroken));

        // What a chain cannot show of itself: an incident erased whole (its number missing), and the database's
        // guard against edits taken away.
        var missing = await verifier.MissingNumbers(cancellationToken);
        foreach (var (organizationName, number) in missing)
            await Console.Out.WriteLineAsync(Format(CliTexts.VerifyNumberMissing, number, organizationName));
        var triggers = await verifier.MissingTriggers(cancellationToken);
        foreach (var trigger in triggers)
            await Console.Out.WriteLineAsync(Format(CliTexts.VerifyTriggerMissing, trigger));
        var checkpointsHold = await VerifyCheckpoints(services, checkpoints, trustedKey, cancellationToken);
        return broken == 0 && auditBroken == 0 && missing.Count == 0 && triggers.Count == 0 && checkpointsHold ? 0 : 1;
    }

    /// <summary>Writes the events' canonical texts, one per line, byte for byte as hashed.</summary>
    private static async Task<int> Export(IServiceProvider services, string id, Guid? organizationId, FileInfo? output, CancellationToken cancellationToken)
    {
        var export = services.GetRequiredService<ExportRecord>();
        var matches = await export.Named(id, organizationId, cancellationToken);
        if (matches.Count != 1)
        {
            await Console.Error.WriteLineAsync(matches.Count == 0 ? Format(CliTexts.NotFound, id) : Format(CliTexts.Ambiguous, id));
            return 1;
        }
        var incident = matches[0];
        ExportedRecord written;
        await using (var stream = output is null ? Console.OpenStandardOutput() : output.Create())
            written = export.Write(incident, stream, cancellationToken);
        await Console.Error.WriteLineAsync(Format(CliTexts.ExportDone, incident.Number, written.Events, written.LastHash));
        return 0;
    }

    /// <summary>
    /// Writes the emergency binder (or the QR poster) of an organization as PDF, whole or not at all: the file
    /// appears only once complete, so a weekly job never leaves half a binder for the printer.
    /// </summary>
    /// <param name="reportingLink">For a poster whose QR code reports without an account: the place it will hang, the new reporting link's label.</param>
    private static async Task<int> Binder(IServiceProvider services, FileInfo output, Guid? organizationId, bool poster, string? url, string? reportingLink, CancellationToken cancellationToken)
    {
        var place = reportingLink?.Trim();
        if (place is not null && ReportingLinkChanges.CheckLabel(place) is { } badPlace)
        {
            await Console.Error.WriteLineAsync(Problems.ProblemResults.Describe(badPlace));
            return 2;
        }
        poster |= place is not null;
        if (await ChooseOrganization(services, organizationId, cancellationToken) is not { } chosen)
            return 2;
        // The address is printed and in the poster's QR code: say which was used, and warn when it is the default,
        // which staff devices cannot reach.
        var configured = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentOptions>>().Value.PublicUrl;
        var (given, source) = url is not null ? (url, "--url")
            : !string.IsNullOrWhiteSpace(configured) ? (configured, "Sonae:Documents:PublicUrl")
            : (MakeBinder.DefaultUrl, CliTexts.BinderDefaultUrlSource);
        if (await PublicUrl(services, given, CliTexts.BinderNeedsUrl) is not { } address)
            return 2;
        await Console.Out.WriteLineAsync(Format(CliTexts.BinderAddress, address, source));
        if (source == CliTexts.BinderDefaultUrlSource)
            await Console.Error.WriteLineAsync(CliTexts.BinderDefaultUrlWarning);
        services.GetRequiredService<OrganizationScope>().Enter(chosen.Id);
        var browser = services.GetRequiredService<PdfPrinter>().WarmUp(cancellationToken);
        // The binder prints the records' checkpoint: one made now, unless nothing moved since the latest.
        await services.GetRequiredService<MakeCheckpoint>().Run(onlyIfMoved: true, cancellationToken);
        var make = services.GetRequiredService<MakeBinder>();
        var model = await make.Model(chosen.Id, address, null, cancellationToken);
        if (place is not null)
            model = await make.WithReportingLink(model, chosen.Id, address, place, cancellationToken);
        await browser;
        byte[] pdf;
        try
        {
            pdf = poster
                ? await make.PosterPdf(model, CultureInfo.CurrentUICulture, cancellationToken)
                : await make.BinderPdf(model, CultureInfo.CurrentUICulture, cancellationToken);
        }
        catch (PdfUnavailableException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        var directory = output.Directory ?? new DirectoryInfo(".");
        directory.Create();
        var partial = Path.Combine(directory.FullName, $".{output.Name}.{Environment.ProcessId}.partial");
        await File.WriteAllBytesAsync(partial, pdf, cancellationToken);
        File.Move(partial, output.FullName, overwrite: true);
        await Console.Out.WriteLineAsync(Format(CliTexts.BinderWritten, output.FullName, pdf.Length / 1024, model.Findings.Count));
        return 0;
    }

    /// <summary>
    /// The organization a verb acts on: the one given, or the only one there is; otherwise says which there are and
    /// gives null.
    /// </summary>
    private static async Task<OrganizationName?> ChooseOrganization(IServiceProvider services, Guid? organizationId, CancellationToken cancellationToken)
    {
        if (await SelectOrganizations(services, organizationId, cancellationToken) is not { } chosen)
            return null;
        if (chosen.Count == 1)
            return chosen[0];
        await Console.Error.WriteLineAsync(Format(CliTexts.ChooseOrganization, string.Join(", ", chosen.Select(o => $"{o.Id} ({o.Name})"))));
        return null;
    }

    /// <summary>
    /// The organization given with <c>--organization</c>, or every one when none is given; null, after saying why on
    /// standard error, when there is none or the one given is unknown.
    /// </summary>
    private static async Task<IReadOnlyList<OrganizationName>?> SelectOrganizations(IServiceProvider services, Guid? organizationId, CancellationToken cancellationToken)
    {
        var organizations = await services.GetRequiredService<LoadOrganizations>().All(cancellationToken);
        IReadOnlyList<OrganizationName> chosen = organizationId is { } id ? [.. organizations.Where(o => o.Id == id)] : organizations;
        if (chosen.Count > 0)
            return chosen;
        await Console.Error.WriteLineAsync(organizations.Count == 0 ? CliTexts.NoOrganization
            : Format(CliTexts.UnknownOrganization, organizationId, string.Join(", ", organizations.Select(o => $"{o.Id} ({o.Name})"))));
        return null;
    }

    /// <summary>
    /// Sonae's address as staff's browsers reach it (--url, else Sonae:Documents:PublicUrl), without a trailing
    /// slash; null after saying what is missing (<paramref name="needed"/>) or unreadable.
    /// </summary>
    private static async Task<string?> PublicUrl(IServiceProvider services, string? url, string needed)
    {
        var address = url ?? services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentOptions>>().Value.PublicUrl;
        if (string.IsNullOrWhiteSpace(address))
        {
            await Console.Error.WriteLineAsync(needed);
            return null;
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.BadUrl, address));
            return null;
        }
        return address.TrimEnd('/');
    }

    private static async Task<int> ValidatePlaybook(FileInfo file)
    {
        string yaml;
        try
        {
            yaml = await File.ReadAllTextAsync(file.FullName);
        }
        catch (FileNotFoundException)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.FileNotFound, file.FullName));
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.FileUnreadable, file.FullName, e.Message));
            return 2;
        }
        var result = PlaybookLoader.Load(yaml);
        if (result.Playbook is { } playbook)
        {
            await Console.Out.WriteLineAsync(Format(CliTexts.PlaybookValid, file.Name, playbook.Id, playbook.Steps.Count, playbook.Sha256));
            return 0;
        }
        foreach (var problem in result.Problems)
            await Console.Out.WriteLineAsync($"{file.Name}:{problem.Line}:{problem.Column}: {problem.Message.For(CultureInfo.CurrentUICulture)}");
        await Console.Out.WriteLineAsync(Format(CliTexts.PlaybookInvalid, file.Name, result.Problems.Count));
        return 1;
    }

    private static async Task<int> AddOrganization(IServiceProvider services, string name, CancellationToken cancellationToken)
    {
        if (CreateOrganization.CheckName(name) is not null)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.OrgNameInvalid, TextLimits.ShortText));
            return 1;
        }
        var created = await services.GetRequiredService<CreateOrganization>().Run(name, demo: false, cancellationToken);
        await Console.Out.WriteLineAsync(Format(CliTexts.OrgAdded, created.Organization.Name, created.Organization.Id));
        foreach (var key in created.Keys)
            await Console.Out.WriteLineAsync($"  {key.Role.Id(),-17} {key.Key}");
        return await Audit(services, [created.Organization.Id], "organization-added", "organization:" + created.Organization.Name) ? 0 : 1;
    }

    /// <summary>
    /// Builds the services a verb needs from the same configuration as the server, with migrations applied. A verb
    /// that only reads (<paramref name="createDatabase"/> false) refuses a SQLite file that does not exist, rather
    /// than create an empty one and report that all is well.
    /// </summary>
    /// <param name="onlyReads">
    /// The verb only reads (verify, export): it migrates a database only when it lacks a migration, found without
    /// building the model, which takes most of a second that such a verb would otherwise spend before its first row.
    /// </param>
    /// <param name="restoring">The verb fills a fresh data location (restore): the database is neither required nor made.</param>
    /// <param name="overrides">Settings the verb itself sets, after the command line's (backup verify's copy).</param>
    /// <param name="standby">
    /// What the verb does on a standby copy (a SQLite data folder with <c>standby.json</c>): by default a verb that only
    /// reads runs holding the folder's standby lock (shared, so no round swaps the copy under it) and any other verb is
    /// refused, the copy being read-only.
    /// </param>
    private static async Task<int> WithServices(ParseResult result, Func<IServiceProvider, Task<int>> verb, bool createDatabase, bool onlyReads = false,
        bool restoring = false, IReadOnlyList<string>? overrides = null, OnStandbyCopy? standby = null)
    {
        // A setting written where a value belongs (before an argument, right after an option that takes one) is
        // taken for that value by the parser: say so rather than act on it.
        if (result.CommandResult.Children.SelectMany(c => c.Tokens).FirstOrDefault(t => Setting().IsMatch(t.Value)) is { } misplaced)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.SettingMisplaced, misplaced.Value));
            return 2;
        }
        // What is left over is configuration, as the server takes it: --Key=Value (and --demo for the demo's file).
        var settings = new List<string>();
        foreach (var token in result.UnmatchedTokens)
        {
            if (string.Equals(token, DemoHospital.Flag, StringComparison.Ordinal))
                settings.Add($"--{DemoHospital.ConfigKey}=true");
            else if (Setting().IsMatch(token))
                settings.Add(token);
            else
            {
                await Console.Error.WriteLineAsync(Format(CliTexts.UnknownOption, token));
                return 2;
            }
        }
        settings.AddRange(overrides ?? []);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. settings],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        StorageOptions storage;
        try
        {
            storage = SonaeConfiguration.Storage(builder.Configuration);
        }
        catch (SonaeConfigurationException e)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.ConfigurationError, e.Message));
            return 2;
        }
        if (!createDatabase && !restoring && storage.Provider == StorageProvider.Sqlite && !File.Exists(storage.SqliteFullPath))
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.DatabaseMissing, storage.SqliteFullPath));
            return 2;
        }
        FileStream? standbyLock = null;
        if ((standby ?? (onlyReads ? OnStandbyCopy.Read : OnStandbyCopy.Refuse)) is not OnStandbyCopy.Manage and var use
            && storage.Provider == StorageProvider.Sqlite && storage.DataFolder is var folder && Directory.Exists(folder))
        {
            StandbyMarker? marker;
            try
            {
                marker = StandbyMode.ReadMarker(folder);
            }
            catch (SonaeConfigurationException e)
            {
                await Console.Error.WriteLineAsync(Format(CliTexts.ConfigurationError, e.Message));
                return 2;
            }
            if (marker is not null && use == OnStandbyCopy.Refuse)
            {
                await Console.Error.WriteLineAsync(Format(CliTexts.StandbyCopyReadOnly, folder));
                return 1;
            }
            if (marker is not null && (standbyLock = StandbyMarker.TryLock(folder, shared: true)) is null)
            {
                await Console.Error.WriteLineAsync(Format(CliTexts.StandbyCopyBusy, folder));
                return 1;
            }
        }
        using var heldLock = standbyLock;
        builder.Services.AddSonaeDatabase(storage);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(storage));
        // The same use cases as the web host (each area registers its own); nothing is started: verbs run and leave.
        builder.Services.AddAreas(builder.Configuration);
        // Disposed asynchronously: the audit log (an async-only disposable) saves what is queued as it goes.
        var host = builder.Build();
        await using var disposal = (IAsyncDisposable)host;
        await using var scope = host.Services.CreateAsyncScope();
        if (restoring)
            return await verb(scope.ServiceProvider);
        if (!onlyReads || !await HasEveryMigration(storage))
            await StorageRegistration.MigrateAsync(scope.ServiceProvider.GetRequiredService<SonaeDbContext>(), storage, CancellationToken.None);
        return await verb(scope.ServiceProvider);
    }

    /// <summary>What a verb does on a standby copy (see <see cref="WithServices"/>).</summary>
    private enum OnStandbyCopy
    {
        /// <summary>The verb writes: refused, the copy is read-only.</summary>
        Refuse,

        /// <summary>The verb only reads: it runs holding the copy's standby lock, shared.</summary>
        Read,

        /// <summary>The verb is <c>sonae standby</c> or <c>sonae promote</c>, which take the lock themselves.</summary>
        Manage,
    }

    private static async Task<bool> HasEveryMigration(StorageOptions storage)
    {
        using var reader = RecordReader.Open(storage);
        return await reader.HasEveryMigrationAsync(CancellationToken.None);
    }

    private static void SetLanguage(string[] args)
    {
        var index = Array.IndexOf(args, "--lang");
        var lang = index >= 0 && index + 1 < args.Length ? args[index + 1]
            : args.FirstOrDefault(a => a.StartsWith("--lang=", StringComparison.Ordinal))?["--lang=".Length..]
            ?? ((Environment.GetEnvironmentVariable("LANG") ?? "").StartsWith("en", StringComparison.Ordinal) ? "en" : "ja");
        var culture = CultureInfo.GetCultureInfo(string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? "en" : "ja");
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
    }

    private static string Format(string template, params object?[] args) => string.Format(CultureInfo.CurrentCulture, template, args);

    [System.Text.RegularExpressions.GeneratedRegex(@"^--[A-Za-z][A-Za-z0-9_.:]*=", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Setting();
}
