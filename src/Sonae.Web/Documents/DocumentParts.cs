using System.Globalization;
using Microsoft.AspNetCore.Components;
using QRCoder;
using Sonae.Core.Preparedness;

namespace Sonae.Web.Documents;

/// <summary>Pieces the printed documents share: their stylesheet, QR codes, and how a channel is written.</summary>
public static class DocumentParts
{
    /// <summary>The stylesheet every document carries inline, so that one HTML file prints the same anywhere.</summary>
    public static MarkupString Css { get; } = new(ReadCss());

    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ja";

    /// <summary>A QR code as inline SVG, with a quiet zone, at medium error correction (a poster gets scuffed).</summary>
    public static MarkupString Qr(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(10, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return new MarkupString(svg[start..].Replace("<svg ", $"<svg role=\"img\" aria-label=\"QR: {System.Net.WebUtility.HtmlEncode(url)}\" ", StringComparison.Ordinal));
    }

    public static string Label<T>(T value) where T : struct, Enum => Labels.Of(value).For(CultureInfo.CurrentUICulture);

    /// <summary>"携帯 090-…(夜間)".</summary>
    public static string Channel(Channel channel) =>
        $"{Label(channel.Kind)} {channel.Value}{(channel.Note is null ? "" : $"({channel.Note})")}";

    /// <summary>
    /// 「まず {0} に電話」 cut around its blank, so that a page can put the contact's numbers there as links (each kept
    /// on one line) rather than as one formatted string.
    /// </summary>
    public static (string Before, string After) FirstCall =>
        Resources.DocumentTexts.BinderFirstCall.Split("{0}") is [var before, var after] ? (before, after) : (Resources.DocumentTexts.BinderFirstCall, "");

    private static string ReadCss()
    {
        using var stream = typeof(DocumentParts).Assembly.GetManifestResourceStream("Sonae.Web.Documents.documents.css")
            ?? throw new InvalidOperationException("documents.css is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
