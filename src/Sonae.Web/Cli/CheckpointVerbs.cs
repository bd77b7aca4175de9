using System.CommandLine;
using Sonae.Core.Checkpoints;
using Sonae.Web.Checkpoints;
using Sonae.Web.Resources;

namespace Sonae.Web.Cli;

/// <summary>
/// <c>sonae checkpoint</c>: a signed checkpoint of each organization's records, made now, kept and written to a file
/// (to keep somewhere the database is not); and <c>sonae verify --checkpoint FILE</c>, which checks a database
/// against checkpoints kept that way.
/// </summary>
public static partial class SonaeCommandLine
{
    private static Command CheckpointCommand()
    {
        var organization = new Option<Guid?>("--organization") { Description = CliTexts.CheckpointOrganizationOption };
        var output = new Option<DirectoryInfo?>("--out") { Description = CliTexts.CheckpointOutOption };
        var checkpoint = new Command("checkpoint", CliTexts.CheckpointDescription) { organization, output };
        checkpoint.TreatUnmatchedTokensAsErrors = false;
        checkpoint.SetAction((result, ct) => WithServices(result, services => Checkpoint(services, result.GetValue(organization), result.GetValue(output), ct), createDatabase: false));
        return checkpoint;
    }

    private static async Task<int> Checkpoint(IServiceProvider services, Guid? organizationId, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        if (await SelectOrganizations(services, organizationId, cancellationToken) is not { } chosen)
            return 2;
        foreach (var organization in chosen)
        {
            var made = await MakeCheckpoint.ForOrganization(services.GetRequiredService<IServiceScopeFactory>(), organization.Id, onlyIfMoved: false, cancellationToken);
            var file = made.File;
            if (output is not null)
            {
                output.Create();
                file = Path.Combine(output.FullName, MakeCheckpoint.FileName(made.Checkpoint.Checkpoint));
                await File.WriteAllTextAsync(file, made.Checkpoint.Document() + "\n", cancellationToken);
            }
            var checkpoint = made.Checkpoint.Checkpoint;
            await Console.Out.WriteLineAsync(Format(CliTexts.CheckpointMade, organization.Name, checkpoint.Number,
                checkpoint.Incidents.Count, checkpoint.AuditSeq, made.Digest, made.Checkpoint.KeyFingerprint(), file));
        }
        return 0;
    }

    /// <summary>Checks the database against each checkpoint file; prints what does not hold. False when anything does not.</summary>
    /// <param name="trustedKey">The signing key's fingerprint as noted on paper (<c>--key</c>); null to trust the key in the database.</param>
    private static async Task<bool> VerifyCheckpoints(IServiceProvider services, FileInfo[] files, string? trustedKey, CancellationToken cancellationToken)
    {
        var holds = true;
        foreach (var file in files)
        {
            SignedCheckpoint document;
            try
            {
                document = SignedCheckpoint.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                await Console.Out.WriteLineAsync(Format(CliTexts.CheckpointUnreadable, file.FullName, e.Message));
                holds = false;
                continue;
            }
            var result = await services.GetRequiredService<VerifyCheckpoint>().Run(document, trustedKey, cancellationToken);
            var checkpoint = document.Checkpoint;
            await Console.Out.WriteLineAsync(Format(CliTexts.CheckpointChecked, file.Name, checkpoint.OrganizationName, checkpoint.Number,
                checkpoint.MadeAt.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture), document.Digest(), document.KeyFingerprint(),
                trustedKey is null ? CliTexts.CheckpointOurKey : CliTexts.CheckpointGivenKey));
            if (!result.SignatureHolds)
                await Console.Out.WriteLineAsync(CliTexts.CheckpointBadSignature);
            else if (!result.KeyTrusted)
                await Console.Out.WriteLineAsync(trustedKey is null ? CliTexts.CheckpointOtherKey : CliTexts.CheckpointNotGivenKey);
            foreach (var finding in result.Findings)
            {
                await Console.Out.WriteLineAsync(Format(finding.Kind switch
                {
                    CheckpointFindingKind.IncidentMissing => CliTexts.CheckpointIncidentMissing,
                    CheckpointFindingKind.IncidentShorter => CliTexts.CheckpointIncidentShorter,
                    CheckpointFindingKind.IncidentRewritten => CliTexts.CheckpointIncidentRewritten,
                    CheckpointFindingKind.AuditShorter => CliTexts.CheckpointAuditShorter,
                    CheckpointFindingKind.AuditRewritten => CliTexts.CheckpointAuditRewritten,
                }, finding.Number, finding.Seq));
            }
            await Console.Out.WriteLineAsync(result.Holds ? Format(CliTexts.CheckpointHolds, checkpoint.Incidents.Count, checkpoint.AuditSeq) : CliTexts.CheckpointBroken);
            holds &= result.Holds;
        }
        return holds;
    }
}
