using System.Globalization;
using Sonae.Core;
using Sonae.Core.Preparedness;
using Sonae.Web.Resources;

namespace Sonae.Web.Preparedness;

/// <summary>
/// The network page's form for the appliance of one external line: every field as typed (a refused save shows them
/// again), read into the line when saved.
/// </summary>
public sealed class ApplianceFields
{
    /// <summary>The line, by id.</summary>
    public string? Line { get; set; }

    /// <summary>The network's version the form was filled from; a newer one is a conflict.</summary>
    public int Base { get; set; }

    public string? Maker { get; set; }

    public string? Model { get; set; }

    public string? Firmware { get; set; }

    /// <summary>The day of the last firmware update as the date input sends it (2026-04-01).</summary>
    public string? Updated { get; set; }

    /// <summary><c>hospital</c>, <c>vendor</c> or empty (not known).</summary>
    public string? OwnedBy { get; set; }

    public string? VendorContact { get; set; }

    public string? Device { get; set; }

    public string? Cpe { get; set; }

    public string? Note { get; set; }

    /// <summary>The form filled from a line as saved.</summary>
    public static ApplianceFields Of(ExternalLine line, int version) => new()
    {
        Line = line.Id,
        Base = version,
        Maker = line.Maker,
        Model = line.Model,
        Firmware = line.Firmware,
        Updated = line.LastFirmwareUpdate is { } day ? day.Iso() : null,
        OwnedBy = line.OwnedBy is { } owner ? Labels.Id(owner) : "",
        VendorContact = line.VendorContact,
        Device = line.Device,
        Cpe = line.Cpe,
    };

    /// <summary>
    /// The line with the appliance as typed; null when the date is not a date. An owner that is neither the hospital
    /// nor the vendor is kept as an undefined value, for the section's validation to refuse in words.
    /// </summary>
    public ExternalLine? ToLine(ExternalLine line)
    {
        DateOnly? updated = null;
        if (!string.IsNullOrWhiteSpace(Updated))
        {
            if (!DateOnly.TryParseExact(Updated.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return null;
            updated = day;
        }
        ApplianceOwner? owner = string.IsNullOrWhiteSpace(OwnedBy) ? null
            : Labels.TryParse<ApplianceOwner>(OwnedBy, out var known) ? known : (ApplianceOwner)(-1);
        return line with
        {
            Maker = Blank(Maker),
            Model = Blank(Model),
            Firmware = Blank(Firmware),
            LastFirmwareUpdate = updated,
            OwnedBy = owner,
            VendorContact = Blank(VendorContact),
            Device = Blank(Device),
            Cpe = Blank(Cpe),
        };
    }

    /// <summary>The message for a date that is not one, naming the field as the form does.</summary>
    public string DateText(string label) => string.Format(CultureInfo.CurrentCulture, UiTexts.ApplianceNotADate, label, Updated);

    /// <summary>
    /// A problem of the saved network as the form's reader needs it: a field of this line by its label on the form
    /// (「CPE 名: …」), not by its path in the record's JSON.
    /// </summary>
    public static string Message(ContentProblem problem, int index)
    {
        var message = problem.Message.For(CultureInfo.CurrentUICulture);
        var prefix = $"lines[{index}].";
        if (!problem.Path.StartsWith(prefix, StringComparison.Ordinal) || !message.StartsWith(problem.Path + ":", StringComparison.Ordinal))
            return message;
        Func<string>? label = problem.Path[prefix.Length..] switch
        {
            "maker" => () => UiTexts.ApplianceMaker,
            "model" => () => UiTexts.ApplianceModel,
            "firmware" => () => UiTexts.ApplianceFirmware,
            "lastFirmwareUpdate" => () => UiTexts.ApplianceUpdated,
            "ownedBy" => () => UiTexts.ApplianceOwnedBy,
            "vendorContact" => () => UiTexts.ApplianceVendorContact,
            "device" => () => UiTexts.ApplianceDevice,
            "cpe" => () => UiTexts.ApplianceCpe,
            _ => null,
        };
        return label is null ? message : label() + message[problem.Path.Length..];
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
