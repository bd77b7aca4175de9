using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Sonae.Web.Documents;

/// <summary>
/// Renders a document component to a complete HTML string outside any request, in a given language: the same
/// HTML the browser shows, prints and Chromium turns into PDF.
/// </summary>
public sealed class DocumentRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<string> Render<TComponent>(IDictionary<string, object?> parameters, CultureInfo culture) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
            try
            {
                var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
                return output.ToHtmlString();
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
            }
        });
    }
}
