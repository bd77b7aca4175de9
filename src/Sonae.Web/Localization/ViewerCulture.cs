using System.Globalization;

namespace Sonae.Web.Localization;

/// <summary>
/// The language of the person a live page belongs to. A live page re-renders when someone else acts, on a thread
/// that carries the acting person's request (their language flows with the change, see IncidentChanges): it takes
/// its viewer's language when it opens (<see cref="Current"/>) and applies it before each such render.
/// </summary>
public readonly record struct ViewerCulture(CultureInfo Culture, CultureInfo UiCulture)
{
    public static ViewerCulture Current() => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public void Apply()
    {
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = UiCulture;
    }
}
