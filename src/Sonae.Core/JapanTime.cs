namespace Sonae.Core;

/// <summary>Japan Standard Time: how every time is shown. Japan keeps no daylight saving, so the offset is fixed.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateTimeOffset ToJst(this DateTimeOffset time) => time.ToOffset(Offset);
}
