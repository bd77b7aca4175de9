using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Sonae.Web.Documents;

/// <summary><c>Sonae:Documents</c>: where Chromium is, and the address staff devices use to reach Sonae.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Sonae:Documents";

    /// <summary>
    /// Sonae's address as staff devices reach it (<c>http://sonae.hospital.local:5000</c>), printed on the binder and
    /// the QR poster. When empty, the address of the request is used (and <c>http://localhost:5000</c> on the command line).
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Chromium's executable; when empty, the usual places of a Debian or Ubuntu install are tried.</summary>
    public string? Chromium { get; set; }
}

/// <summary>No Chromium on this machine: documents can still be printed from the browser.</summary>
public sealed class PdfUnavailableException(string message) : Exception(message);

/// <summary>
/// Turns a document's HTML into an A4 PDF with headless Chromium (through PuppeteerSharp, which speaks to the
/// browser Debian installs; nothing is downloaded). One browser is started on first use and shared; each document
/// gets its own tab. Text stays text, and the IPAex fonts the documents ask for are embedded as real fonts. The browser
/// is started by <see cref="ChromiumProcesses"/>, so that it ends with Sonae even when Sonae is killed.
/// </summary>
public sealed class PdfPrinter(IOptions<DocumentOptions> options, ILogger<PdfPrinter> logger) : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private readonly SemaphoreSlim _starting = new(1, 1);
    private IBrowser? _browser;
    private ChromiumProcess? _process;

    /// <param name="footer">A short line printed at the foot of every page, beside "page / pages".</param>
    /// <param name="header">A short line printed at the head of every page (a drill's 訓練 / DRILL); null for none.</param>
    public async Task<byte[]> Print(string html, string footer, CancellationToken cancellationToken, string? header = null)
    {
        var browser = await Browser(cancellationToken);
        await using var page = await browser.NewPageAsync();
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load] });
        return await page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.A4,
            PrintBackground = true,
            PreferCSSPageSize = true,
            // An untagged PDF prints in two thirds of the time; the accessible form of the binder is its HTML page.
            Tagged = false,
            DisplayHeaderFooter = true,
            HeaderTemplate = header is null ? "<span></span>"
                : $"<div style=\"font-family: IPAexGothic, sans-serif; font-size: 10px; font-weight: bold; width: 100%; padding: 0 12mm;\">{System.Net.WebUtility.HtmlEncode(header)}</div>",
            FooterTemplate = "<div style=\"font-family: IPAexGothic, sans-serif; font-size: 8px; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;\">"
                + $"<span>{System.Net.WebUtility.HtmlEncode(footer)}</span><span><span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></span></div>",
        });
    }

    /// <summary>Starts the browser now, so that a command line run can start it while it reads the database.</summary>
    public async Task WarmUp(CancellationToken cancellationToken)
    {
        try
        {
            await Browser(cancellationToken);
        }
        catch (PdfUnavailableException)
        {
            // Said when the PDF is asked for.
        }
    }

    private async Task<IBrowser> Browser(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } running)
            return running;
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true } started)
                return started;
            var path = Executable() ?? throw new PdfUnavailableException(Resources.DocumentTexts.PdfNeedsChromium);
            Log.StartingChromium(logger, path);
            if (_process is not null)
                ChromiumProcesses.Stop(_process);
            else
                ChromiumProcesses.ReapStale();
            try
            {
                _process = await ChromiumProcesses.Start(path, ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], cancellationToken);
                _browser = await Puppeteer.ConnectAsync(new ConnectOptions { BrowserWSEndpoint = _process.Endpoint, DefaultViewport = null });
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PuppeteerException)
            {
                Log.ChromiumFailed(logger, path, e);
                throw new PdfUnavailableException(Resources.DocumentTexts.PdfNeedsChromium);
            }
            return _browser;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>Chromium's executable, as configured or found in the usual places; null when there is none (readiness says so).</summary>
    public string? Executable() =>
        !string.IsNullOrWhiteSpace(options.Value.Chromium) ? (File.Exists(options.Value.Chromium) ? options.Value.Chromium : null)
            : Candidates.FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            try
            {
                await _browser.CloseAsync();
            }
            catch (PuppeteerException)
            {
                // Already gone: the process is ended below either way.
            }
            _browser.Dispose();
        }
        if (_process is not null)
            ChromiumProcesses.Stop(_process);
        _starting.Dispose();
    }
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting Chromium at {Path} for PDF documents")]
    public static partial void StartingChromium(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chromium at {Path} did not start")]
    public static partial void ChromiumFailed(ILogger logger, string path, Exception exception);
}
