using System.Globalization;

namespace Sonae.Web.Hosting;

/// <summary>
/// Names a running process so that the name cannot pass to another one: the machine's boot, the process id and the
/// moment the process started (Linux's <c>/proc</c>). A process id alone is reused — in a container Sonae is process 1
/// after every restart — so files and folders a process leaves behind are named with this, and a later start can
/// tell that their owner is gone.
/// </summary>
public static class ProcessIdentity
{
    /// <summary>This process's identity (<c>{boot}.{pid}.{start}</c>; the bare process id where <c>/proc</c> is missing).</summary>
    public static string Current { get; } = Of(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The identity of the process with this id now, or null when there is none (or it cannot be read).</summary>
    public static string? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The fields after the command's name (which is in parentheses and may hold spaces); field 22 is the start time.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{Boot}.{pid.ToString(CultureInfo.InvariantCulture)}.{fields[19]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Whether the process an identity names is still running (the same process, not one that took its id).</summary>
    public static bool IsRunning(string identity)
    {
        if (string.Equals(identity, Current, StringComparison.Ordinal))
            return true;
        var parts = identity.Split('.');
        return parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && string.Equals(Of(pid), identity, StringComparison.Ordinal);
    }

    private static string Boot
    {
        get
        {
            try
            {
                return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim()[..8];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                return "noboot00";
            }
        }
    }
}
