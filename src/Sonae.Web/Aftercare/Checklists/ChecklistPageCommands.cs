using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Checklists;

/// <summary>
/// The checklist pages' forms post here: start a form, answer an item, make or revoke a vendor's link, correct or add
/// an item, upload an edition; and the vendor's page: answer an item, hand the form back. Each goes back with a
/// one-time message (post, redirect, get), the refusal's words when refused.
/// </summary>
public static class ChecklistPageCommands
{
    public static async Task<RedirectHttpResult> Do(HttpContext context, ChecklistChanges changes, LoadChecklists load)
    {
        // Read by hand (it may carry a file), so its antiforgery token is checked by hand too.
        if (await PageForms.RefuseExpired(context, "/checklists") is { } expired)
            return expired;
        var ct = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(ct);
        var caller = Caller.From(context.User);
        var by = caller.Actor.Name;
        var year = int.TryParse(form["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
        var which = form["form"].ToString();
        var back = year > 0 && which.Length > 0 ? $"/checklists/{year}/{which}" : "/checklists";
        switch (form["kind"].ToString())
        {
            case "start":
                var (row, refused) = await changes.Start(new StartChecklistRequest(year == 0 ? null : year, form["checklist"].ToString() is { Length: > 0 } f ? f : "hospital",
                    form["edition"], form["vendor"], form["system"]), by, ct);
                return refused is not null
                    ? PageForms.Back(context, "/checklists", false, refused.Message)
                    : PageForms.Back(context, $"/checklists/{row!.FiscalYear}/{(row.Form == "hospital" ? LoadChecklists.HospitalSlot : row.Id.ToString())}", true, UiTexts.ChecklistStarted);
            case "answer" when caller.Actor.May(Core.Access.Operation.AnswerChecklists):
                if (await load.Find(year, which, ct) is not { } checklist)
                    return PageForms.Back(context, "/checklists", false, UiTexts.ChecklistNotFound);
                var item = form["item"].ToString();
                var answered = await changes.Answer(checklist, item, new AnswerRequest(form["answer"], form["checkedOn"], form["targetOn"], form["note"]), by, ct);
                return PageForms.Back(context, back + "#" + Anchor(item), answered is null, answered?.Message ?? UiTexts.ChecklistAnswered);
            case "link":
                if (await load.Find(year, which, ct) is not { } forLink)
                    return PageForms.Back(context, "/checklists", false, UiTexts.ChecklistNotFound);
                var (_, secret, linkRefused) = await changes.MakeLink(forLink, new VendorLinkRequest(form["name"],
                    int.TryParse(form["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null), by, ct);
                return linkRefused is not null
                    ? PageForms.Back(context, back, false, linkRefused.Message)
                    : PageForms.Back(context, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.ChecklistLinkMade, ChecklistEndpoints.LinkUrl(context, secret!)));
            case "revoke" when Guid.TryParse(form["link"], out var linkId):
                if (await load.Find(year, which, ct) is not { } forRevoke)
                    return PageForms.Back(context, "/checklists", false, UiTexts.ChecklistNotFound);
                var revoked = await changes.RevokeLink(forRevoke, linkId, ct);
                return PageForms.Back(context, back, revoked is null, revoked?.Message ?? UiTexts.ChecklistLinkRevokedDone);
            case "correct" or "add" when caller.Actor.May(Core.Access.Operation.ManageChecklistItems):
                var edition = form["edition"].ToString();
                var add = form["kind"] == "add";
                var request = new CorrectItemRequest(form["id"], int.TryParse(form["section"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null,
                    form["number"], form["ja"], form["en"], [.. form["forms"].Select(x => x ?? "")], form["target"], form["reason"]);
                var corrected = await changes.Correct(edition, add ? null : form["id"].ToString(), request, add, by, ct);
                return PageForms.Back(context, $"/checklists/editions/{Uri.EscapeDataString(edition)}" + (add || corrected is not null ? "" : "#" + Anchor(form["id"].ToString())),
                    corrected is null, corrected?.Message ?? UiTexts.ChecklistCorrected);
            case "upload" when caller.Actor.May(Core.Access.Operation.ManageChecklistItems):
                if (form.Files.GetFile("file") is not { Length: > 0 } upload)
                    return PageForms.Back(context, "/checklists#editions", false, UiTexts.PreparednessChooseFile);
                if (upload.Length > ChecklistEditions.MaxFileBytes)
                    return PageForms.Back(context, "/checklists#editions", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.TooLarge, ChecklistEditions.MaxFileBytes));
                using (var buffer = new MemoryStream())
                {
                    await upload.CopyToAsync(buffer, ct);
                    var (loaded, problems, uploadRefused) = await changes.Upload(buffer.ToArray(), by, ct);
                    if (uploadRefused is not null)
                        return PageForms.Back(context, "/checklists#editions", false,
                            string.Join(" ", [uploadRefused.Message, .. problems.Take(10).Select(p => p.Text.For(CultureInfo.CurrentUICulture))]));
                    return PageForms.Back(context, $"/checklists/editions/{loaded!.Key}", true, string.Format(CultureInfo.CurrentCulture, UiTexts.ChecklistEditionLoaded, loaded.Key, loaded.Items.Count));
                }
            default:
                return PageForms.Back(context, back, false, ProblemTexts.BadRequest);
        }
    }

    /// <summary>
    /// The vendor's page: answer an item, or hand the form back. Anonymous: the link is the key; like every form
    /// reached through a secret link, it carries the page's antiforgery token, checked here by hand.
    /// </summary>
    public static async Task<RedirectHttpResult> Vendor(string secret, HttpContext context, ChecklistChanges changes)
    {
        var back = $"{ChecklistEndpoints.VendorPath}/{secret}";
        if (await PageForms.RefuseExpired(context, back) is { } expired)
            return expired;
        var ct = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(ct);
        var item = form["item"].ToString();
        var to = form["kind"] == "return" ? back : back + "#" + Anchor(item);
        var (bad, refused) = await changes.UseLink(secret, (link, checklist, services, c) => form["kind"] == "return"
            ? services.GetRequiredService<ChecklistChanges>().Return(link, checklist, changes.VendorName(link), c)
            : services.GetRequiredService<ChecklistChanges>().Answer(checklist, item, new AnswerRequest(form["answer"], form["checkedOn"], form["targetOn"], form["note"]), changes.VendorName(link), c), ct);
        if ((refused ?? bad) is { } no)
            return PageForms.Back(context, refused is null ? to : back, false, no.Message);
        return PageForms.Back(context, to, true, form["kind"] == "return" ? UiTexts.ChecklistReturned : UiTexts.ChecklistAnswered);
    }

    /// <summary>The id of an item's row on the pages.</summary>
    public static string Anchor(string item) => "item-" + item.Replace('/', '-');
}
