using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sonae.Core;
using Sonae.Core.Backups;
using Sonae.Data;
using Sonae.Web.Access;
using Sonae.Web.Backups;
using Sonae.Web.Localization;
using Sonae.Web.Evidence;
using Sonae.Web.Resources;

namespace Sonae.Web.Cli;

/// <summary>
/// <c>sonae standby --from URL --key KEY [--every 2m | --once]</c> keeps a standby copy of a SQLite primary in this
/// installation's data folder; <c>sonae promote</c> makes that copy the primary. Each round pulls
/// <c>GET /api/v1/backup</c> into a new folder beside the data folder, verifies it as <c>sonae backup verify</c> does,
/// writes <c>standby.json</c> into it, and only then swaps the folders by two renames (the previous copy moved aside
/// and removed once the new one is in place). A failed round leaves the previous copy as it was; a round never swaps a
/// copy a server has open (the standby lock, <see cref="StandbyMarker.LockFileName"/>).
/// </summary>
public static partial class SonaeCommandLine
{
    private const string KeyVariable = "SONAE_STANDBY_KEY";

    /// <summary>The longest --every: a day (longer ones would overflow the wait, and a copy that old is no standby).</summary>
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(24);

    /// <summary>The most a pulled archive may hold in all, 64 GB: a primary (or what answers in its place) cannot fill the disk.</summary>
    private const long MaxArchiveBytes = 64L << 30;

    private static IEnumerable<Command> StandbyCommands()
    {
        var from = new Option<string?>("--from") { Description = CliTexts.StandbyFromOption };
        var key = new Option<string?>("--key") { Description = CliTexts.StandbyKeyOption };
        var every = new Option<string?>("--every") { Description = CliTexts.StandbyEveryOption };
        var once = new Option<bool>("--once") { Description = CliTexts.StandbyOnceOption };
        var standby = new Command("standby", CliTexts.StandbyDescription) { from, key, every, once };
        standby.TreatUnmatchedTokensAsErrors = false;
        standby.SetAction(async (result, ct) =>
        {
            var secret = result.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable);
            if (result.GetValue(from) is not { Length: > 0 } address || string.IsNullOrWhiteSpace(secret))
            {
                await Console.Error.WriteLineAsync(CliTexts.StandbyNeedsFromAndKey);
                return 2;
            }
            if (!Uri.TryCreate(address, UriKind.Absolute, out var primary)
                || !(primary.Scheme == Uri.UriSchemeHttps || (primary.Scheme == Uri.UriSchemeHttp && primary.IsLoopback)))
            {
                await Console.Error.WriteLineAsync(Format(CliTexts.StandbyNeedsHttps, address));
                return 2;
            }
            var interval = TimeSpan.FromMinutes(2);
            if (result.GetValue(every) is { } text)
            {
                if (ParseInterval(text) is not { } parsed || parsed < TimeSpan.FromSeconds(10) || parsed > MaxInterval)
                {
                    await Console.Error.WriteLineAsync(Format(CliTexts.StandbyBadEvery, text));
                    return 2;
                }
                interval = parsed;
            }
            return await WithServices(result, services => Standby(result, services, primary, secret.Trim(), result.GetValue(once) ? null : interval, ct),
                createDatabase: false, restoring: true, standby: OnStandbyCopy.Manage);
        });
        yield return standby;

        var promote = new Command("promote", CliTexts.PromoteDescription);
        promote.TreatUnmatchedTokensAsErrors = false;
        // Not migrated here: promote migrates the copy once it holds the standby lock (a round may be swapping it now).
        promote.SetAction((result, ct) => WithServices(result, services => Promote(services, ct), createDatabase: false, restoring: true,
            standby: OnStandbyCopy.Manage));
        yield return promote;
    }

    /// <summary>An instant as the console shows it: Japan's time to the second.</summary>
    private static string Jst(DateTimeOffset time) => time.ToJst().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " JST";

    /// <summary>30s, 2m, 1h (or a plain number of seconds).</summary>
    private static TimeSpan? ParseInterval(string text)
    {
        text = text.Trim();
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsAsciiLetter(text.LastOrDefault()) ? text[..^1] : text;
        // More than a day's seconds is refused here, before TimeSpan could overflow.
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0 || count > 86_400)
            return null;
        return unit switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            _ => null,
        };
    }

    /// <summary>Rounds until stopped (or one, when <paramref name="interval"/> is null): 0 when the last round swapped a copy in.</summary>
    private static async Task<int> Standby(ParseResult result, IServiceProvider services, Uri primary, string key, TimeSpan? interval, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        if (storage.Provider != StorageProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync(CliTexts.StandbyOnlySqlite);
            return 2;
        }
        var folder = storage.DataFolder;
        var evidence = services.GetRequiredService<EvidenceLocker>().Root;
        if (!string.Equals(evidence, Path.Combine(folder, EvidenceLocker.DefaultFolder), StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.StandbyEvidenceElsewhere, evidence));
            return 2;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        while (true)
        {
            var ok = await PullStandby(result, http, clock, primary, key, folder, Path.GetFileName(storage.SqliteFullPath), cancellationToken);
            if (interval is not { } wait)
                return ok ? 0 : 1;
            try
            {
                await Task.Delay(wait, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    /// <summary>One round: pull, verify, mark, swap; or say why not, with the previous copy untouched.</summary>
    private static async Task<bool> PullStandby(ParseResult result, HttpClient http, TimeProvider clock, Uri primary, string key, string folder, string databaseName, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(folder)!;
        var name = Path.GetFileName(folder);
        var previous = Path.Combine(parent, name + ".previous");
        var staging = Path.Combine(parent, $"{name}.incoming-{Guid.NewGuid():N}");
        string? refusal = null;
        try
        {
            PrivateFiles.CreateFolder(parent);
            // A round cut short between its two renames left the copy aside: put it back first.
            if (!Directory.Exists(folder) && Directory.Exists(previous))
                Directory.Move(previous, folder);
            foreach (var stale in Directory.GetDirectories(parent, name + ".incoming-*").Append(previous).Where(Directory.Exists))
                Directory.Delete(stale, recursive: true);
            if (!BackupFiles.IsEmpty(folder) && StandbyMarker.Read(folder) is null)
                refusal = Format(CliTexts.StandbyNotACopy, folder);
            else
                refusal = await Pull(result, http, clock, primary, key, staging, databaseName, cancellationToken)
                    ?? Swap(staging, folder, previous);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or UnauthorizedAccessException or SqliteException or JsonException
            or FormatException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            refusal = Format(CliTexts.StandbyPullFailed, e.Message);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            SqliteConnection.ClearAllPools();
        }
        var now = Jst(clock.GetUtcNow());
        if (refusal is not null)
        {
            await Console.Error.WriteLineAsync(refusal);
            await Console.Error.WriteLineAsync(Format(CliTexts.StandbyKept, now));
            return false;
        }
        var marker = StandbyMarker.Read(folder)!;
        await Console.Out.WriteLineAsync(Format(CliTexts.StandbySynced, now, folder, primary, marker.Counts.Incidents, marker.Counts.Events,
            marker.Counts.EvidenceFiles, marker.OpenIncidents.Count));
        return true;
    }

    /// <summary>The primary's backup into <paramref name="staging"/>, verified and marked; or why not.</summary>
    private static async Task<string?> Pull(ParseResult result, HttpClient http, TimeProvider clock, Uri primary, string key, string staging, string databaseName, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(primary, "/api/v1/backup"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.AcceptLanguage.ParseAdd(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return Format(CliTexts.StandbyPullRefused, (int)response.StatusCode, await ProblemDetail(response, cancellationToken));
        PrivateFiles.CreateFolder(staging);
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            await Extract(body, staging, cancellationToken);
        var backup = await CheckedBackup.Read(staging, cancellationToken);
        if (backup.Manifest is { } other && !BackupFiles.MadeOn(other, StorageProvider.Sqlite))
            return Format(CliTexts.StandbyNotSqlite, other.Provider);
        // The manifest's hashes and every chain of the copy, as `sonae backup verify` checks them (it says what it finds).
        if (await VerifyBackup(result, staging, cancellationToken) != 0)
            return CliTexts.StandbyCopyBroken;
        var manifest = backup.Manifest!;
        if (databaseName != manifest.Database)
            File.Move(Path.Combine(staging, manifest.Database), Path.Combine(staging, databaseName));
        var marker = new StandbyMarker(primary.GetLeftPart(UriPartial.Authority), clock.GetUtcNow(), manifest.MadeAt, manifest.Counts,
            await OpenIncidents(Path.Combine(staging, databaseName), cancellationToken));
        await marker.Write(staging, cancellationToken);
        return null;
    }

    /// <summary>
    /// The pulled archive into <paramref name="staging"/>: regular files and folders only (no links, devices or FIFOs),
    /// each inside the folder, at most <see cref="MaxArchiveBytes"/> in all; anything else refuses the round.
    /// </summary>
    /// <exception cref="InvalidDataException">An entry that is not taken, or the archive over its limit.</exception>
    private static async Task Extract(Stream archive, string staging, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
        long total = 0;
        await using var reader = new System.Formats.Tar.TarReader(archive);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.Name));
            var inside = target.StartsWith(root, StringComparison.Ordinal) || target + Path.DirectorySeparatorChar == root;
            switch (entry.EntryType)
            {
                case System.Formats.Tar.TarEntryType.Directory when inside:
                    Directory.CreateDirectory(target);
                    break;
                case System.Formats.Tar.TarEntryType.RegularFile or System.Formats.Tar.TarEntryType.V7RegularFile when inside && target + Path.DirectorySeparatorChar != root:
                    total += entry.Length;
                    if (total > MaxArchiveBytes)
                        throw new InvalidDataException(Format(CliTexts.StandbyArchiveTooLarge, MaxArchiveBytes >> 30));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await entry.ExtractToFileAsync(target, overwrite: false, cancellationToken);
                    break;
                default:
                    throw new InvalidDataException(Format(CliTexts.StandbyArchiveEntryRefused, entry.Name, entry.EntryType));
            }
        }
    }

    /// <summary>The problem's detail of a refused pull, or its reason phrase.</summary>
    private static async Task<string> ProblemDetail(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (JsonException)
        {
        }
        return response.ReasonPhrase ?? "";
    }

    /// <summary>The open incidents of the copy, with the number and time of the last event it holds of each.</summary>
    private static async Task<IReadOnlyList<StandbyIncident>> OpenIncidents(string database, CancellationToken cancellationToken)
    {
        var open = new List<StandbyIncident>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Number, LastSeq, UpdatedAt FROM Incidents WHERE Status <> 'Closed' ORDER BY Number";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            open.Add(new StandbyIncident(reader.GetInt32(0), reader.GetInt64(1), UtcText.Parse(System.Text.Encoding.UTF8.GetBytes(reader.GetString(2)))));
        return open;
    }

    /// <summary>
    /// The verified copy in place of the previous one, by two renames under the standby lock; refused while a server
    /// runs on the copy (it holds the lock). The previous copy is removed only once the new one is in place.
    /// </summary>
    private static string? Swap(string staging, string folder, string previous)
    {
        if (!Directory.Exists(folder))
        {
            Directory.Move(staging, folder);
            return null;
        }
        using (var held = StandbyMarker.TryLock(folder))
        {
            if (held is null)
                return CliTexts.StandbyServerRunning;
            // Checked at the round's start too; the pull takes minutes, in which the copy may have been promoted.
            if (StandbyMarker.Read(folder) is null)
                return Format(CliTexts.StandbyPromotedMeanwhile, folder);
            // On Windows a folder with a file open in it cannot be renamed: the lock is let go, and a server that
            // opened the copy since makes the rename fail (the round is then refused, the copy kept).
            if (OperatingSystem.IsWindows())
                held.Dispose();
            Directory.Move(folder, previous);
            Directory.Move(staging, folder);
        }
        Directory.Delete(previous, recursive: true);
        return null;
    }

    /// <summary>
    /// <c>sonae promote</c>: the standby copy becomes the primary (its marker removed, its data kept), audited, with
    /// what may have been lost: the last sync's time and age, and each open incident's last event as the copy has it.
    /// </summary>
    private static async Task<int> Promote(IServiceProvider services, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        if (storage.Provider != StorageProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync(CliTexts.StandbyOnlySqlite);
            return 2;
        }
        var folder = storage.DataFolder;
        if (StandbyMarker.Read(folder) is not { } marker)
        {
            await Console.Error.WriteLineAsync(Format(CliTexts.PromoteNotStandby, folder));
            return 1;
        }
        using (var held = StandbyMarker.TryLock(folder))
        {
            if (held is null)
            {
                await Console.Error.WriteLineAsync(CliTexts.PromoteServerRunning);
                return 1;
            }
            // A round may have swapped a newer copy in between: what may have been lost is said of the copy promoted.
            marker = StandbyMarker.Read(folder) ?? marker;
            // Migrated only now, under the lock: never a copy that a round is swapping.
            await StorageRegistration.MigrateAsync(services.GetRequiredService<SonaeDbContext>(), storage, cancellationToken);
            var organizations = await services.GetRequiredService<LoadOrganizations>().All(cancellationToken);
            var target = $"standby-copy last-sync={Jst(marker.LastSync)} primary={marker.Primary} open={string.Join(',', marker.OpenIncidents.Select(i => $"#{i.Number}@{i.LastEvent}"))}";
            if (!await Audit(services, organizations.Select(o => o.Id), "standby-promoted", target))
                return 1;
            File.Delete(Path.Combine(folder, StandbyMarker.FileName));
        }
        File.Delete(Path.Combine(folder, StandbyMarker.LockFileName));

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await Console.Out.WriteLineAsync(CliTexts.PromoteDone);
        await Console.Out.WriteLineAsync(CliTexts.PromoteStopStandby);
        await Console.Out.WriteLineAsync(Format(CliTexts.PromoteLastSync, Jst(marker.LastSync),
            (long)Math.Floor((now - marker.LastSync).TotalMinutes), marker.Primary));
        if (marker.OpenIncidents.Count == 0)
            await Console.Out.WriteLineAsync(CliTexts.PromoteNoOpenIncidents);
        foreach (var incident in marker.OpenIncidents)
            await Console.Out.WriteLineAsync(Format(CliTexts.PromoteIncident, incident.Number, incident.LastEvent, Jst(incident.LastEventAt)));
        await Console.Out.WriteLineAsync(CliTexts.PromoteMayBeLost);
        return 0;
    }
}
