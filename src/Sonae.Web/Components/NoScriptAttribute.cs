namespace Sonae.Web.Components;

/// <summary>
/// Marks a page that is sent with no script at all, not even the live alerts' (<c>js/live.js</c>): the report pages,
/// which a nurse opens on an unknown ward PC or phone at the worst moment and which must load small and work the same
/// with JavaScript on or off. Their header badge is as of the page's load.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NoScriptAttribute : Attribute;
