using Sonae.Core.Backups;

namespace Sonae.Core.Tests.Backups;

public sealed class BackupManifestTests
{
    private static readonly BackupManifest Manifest = new("sqlite", "sonae.db", "1.0.0+abc", new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero),
        new BackupCounts(3, 120, 2), [new BackupCheckpoint(Guid.Parse("0193a4b2-0000-7000-8000-000000000001"), "備え病院", 4, "ab12", "cd34")],
        [new BackupFile("sonae.db", "aa", 4096), new BackupFile("evidence/bb/bbcc", "bbcc", 10), new BackupFile("checkpoints/c.json", "cc", 300)]);

    [Fact]
    public void Write_ThenParse_GivesTheSameManifest()
    {
        var read = BackupManifest.Parse(Manifest.Write());
        Assert.Equal(Manifest.Counts, read.Counts);
        Assert.Equal(Manifest.MadeAt, read.MadeAt);
        Assert.Equal(Manifest.Checkpoints, read.Checkpoints);
        Assert.Equal(Manifest.Files.OrderBy(f => f.Path, StringComparer.Ordinal), read.Files);
        Assert.Contains("備え病院", Manifest.Write(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TheSameFiles_FindsNothing()
    {
        Assert.Empty(Manifest.Compare(Manifest.Files.ToDictionary(f => f.Path)));
    }

    [Fact]
    public void Compare_FindsMissingAlteredAndUnlistedFiles_ButNotTheManifestItself()
    {
        var present = new Dictionary<string, BackupFile>
        {
            ["sonae.db"] = new("sonae.db", "ff", 4096),
            ["checkpoints/c.json"] = new("checkpoints/c.json", "cc", 301),
            ["evidence/dd/dd00"] = new("evidence/dd/dd00", "dd00", 1),
        };

        var findings = Manifest.Compare(present);

        Assert.Equal(
            [new BackupFinding(BackupFindingKind.Altered, "checkpoints/c.json"), new BackupFinding(BackupFindingKind.Missing, "evidence/bb/bbcc"),
             new BackupFinding(BackupFindingKind.Unlisted, "evidence/dd/dd00"), new BackupFinding(BackupFindingKind.Altered, "sonae.db")],
            findings);
    }

    [Theory]
    [InlineData("../sonae.db")]
    [InlineData("/etc/passwd")]
    [InlineData("evidence/../../x")]
    [InlineData("C:/x")]
    public void Parse_APathOutsideTheFolder_IsRefused(string path)
    {
        var text = Manifest.Write().Replace("\"evidence/bb/bbcc\"", $"\"{path}\"", StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => BackupManifest.Parse(text));
    }

    [Fact]
    public void Parse_NotAManifest_IsRefused()
    {
        Assert.Throws<FormatException>(() => BackupManifest.Parse("{\"format\":\"other\"}"));
        Assert.Throws<FormatException>(() => BackupManifest.Parse("not json"));
    }
}
