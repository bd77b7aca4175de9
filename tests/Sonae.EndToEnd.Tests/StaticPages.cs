using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>The plain-HTML pages' forms: management's decisions and the vendor's work.</summary>
public static class StaticPages
{
    /// <summary>
    /// On /report: presses "報告する" and waits for the report-sent page. When Sonae first asks 「#n と同じですか?」
    /// (an open incident from the same ward or device), answers as told: join it, or file a different problem.
    /// </summary>
    public static async Task SendReport(IPage staff, int? sameAs = null)
    {
        await staff.ClickAsync("button:has-text('報告する')");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!staff.Url.Contains("/report/sent/", StringComparison.Ordinal))
        {
            if (await staff.Locator("section.same-as").CountAsync() > 0)
            {
                await staff.ClickAsync(sameAs is { } number ? $"button:has-text('#{number} と同じです')" : "button:has-text('別の件として送信')");
                await staff.WaitForURLAsync("**/report/sent/**");
                break;
            }
            Assert.True(DateTime.UtcNow < until, $"Sending the report reached neither the sent page nor the question: {staff.Url}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// On /decisions: answers questions of one step of an incident in its one form, sends them together and waits
    /// for the page to come back saying so.
    /// </summary>
    public static async Task Decide(IPage page, int number, params (string Question, string Choice)[] answers)
    {
        await page.GotoAsync("/decisions");
        ILocator? form = null;
        foreach (var (question, choice) in answers)
        {
            // The inner locator of Has is queried inside each form, so it starts from the page, not from the section.
            var block = page.Locator(".question").Filter(new LocatorFilterOptions { HasText = question });
            form = Incident(page, number).Locator("form").Filter(new LocatorFilterOptions { Has = block });
            await form.Locator(".question").Filter(new LocatorFilterOptions { HasText = question })
                .Locator($"label.choice:has(strong:text-is('{choice}'))").ClickAsync();
        }
        await Submitted(page, () => form!.Locator("button:has-text('答えを記録する')").ClickAsync());
    }

    /// <summary>On /decisions: completes a step of an incident.</summary>
    public static async Task CompleteDecision(IPage page, int number, string step)
    {
        await page.GotoAsync("/decisions");
        var panel = Incident(page, number).Locator(".panel").Filter(new LocatorFilterOptions { Has = page.Locator($"h3:has-text('{step} ')") });
        await Submitted(page, () => panel.Locator("button:has-text('このステップを完了にする')").ClickAsync());
    }

    /// <summary>On /vendor: marks one of the vendor's actions done.</summary>
    public static async Task VendorAction(IPage page, int number, string action)
    {
        await page.GotoAsync("/vendor");
        var row = page.Locator($"section:has(h2 a[href='/incidents/{number}']) li.action").Filter(new LocatorFilterOptions { HasText = action });
        await Submitted(page, () => row.Locator("button:has-text('完了にする')").ClickAsync());
    }

    private static ILocator Incident(IPage page, int number) => page.Locator($"section:has(h2 a[href='/incidents/{number}'])");

    /// <summary>Submits and waits for the page that comes back with its one-time message (the page before had none).</summary>
    private static async Task Submitted(IPage page, Func<Task> submit)
    {
        Assert.Equal(0, await page.Locator(".done-notice[role=status], .errors[role=alert]").CountAsync());
        await submit();
        var flash = page.Locator(".done-notice[role=status] p, .errors[role=alert] p").First;
        await flash.WaitForAsync();
        var text = await flash.InnerTextAsync();
        Assert.True(text == "記録しました。", text);
    }
}
