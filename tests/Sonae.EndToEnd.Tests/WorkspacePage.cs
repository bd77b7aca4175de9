using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>What a person does on the incident workspace, in the words of its buttons (Japanese).</summary>
public sealed class WorkspacePage(IPage page)
{
    public IPage Page => page;

    public async Task Open(int number, string? step = null)
    {
        await page.GotoAsync(step is null ? $"/incidents/{number}" : $"/incidents/{number}?step={step}");
        await page.WaitForSelectorAsync(".live");
    }

    public async Task Step(string step)
    {
        await page.ClickAsync($".steps a.step-link:has(span.num:text-is('{step}'))");
        await page.WaitForSelectorAsync($"#step-title:has-text('{step} ')");
    }

    /// <summary>Answers a choice question by the words of the choice, and records it.</summary>
    public async Task Answer(string question, string choice)
    {
        var block = page.Locator(".question").Filter(new LocatorFilterOptions { HasText = question });
        await block.Locator($"label.choice:has(span:text-is('{choice}'))").ClickAsync();
        await Saved(() => block.Locator("button:has-text('記録する')").ClickAsync());
    }

    public async Task Write(string question, string text)
    {
        var block = page.Locator(".question").Filter(new LocatorFilterOptions { HasText = question });
        await block.Locator("textarea").FillAsync(text);
        await block.Locator("textarea").BlurAsync();
        await Saved(() => block.Locator("button:has-text('記録する')").ClickAsync());
    }

    public Task Action(string text) =>
        Saved(() => page.Locator(".panel li.action").Filter(new LocatorFilterOptions { HasText = text }).Locator("button:has-text('完了にする')").ClickAsync());

    /// <summary>
    /// Completes the step shown and waits until the list shows it done: the record may also move on by someone else's
    /// change arriving at the same moment (which ends <see cref="Saved"/>'s wait before this page's own answer).
    /// </summary>
    public async Task Complete()
    {
        var step = (await page.Locator("#step-title").InnerTextAsync()).Split(' ')[0];
        await Saved(() => page.ClickAsync("button:has-text('このステップを完了にする')"));
        await page.Locator($".steps a.step-link:has(span.num:text-is('{step}')) .state").Filter(new LocatorFilterOptions { HasText = "完了" })
            .WaitForAsync();
    }

    public async Task Skip(string reason)
    {
        await page.ClickAsync("summary:has-text('このステップをスキップする')");
        await page.FillAsync("#skip-reason", reason);
        await page.Locator("#skip-reason").BlurAsync();
        await Saved(() => page.ClickAsync("button:has-text('スキップする')"));
    }

    public async Task Note(string text)
    {
        await page.FillAsync("#note", text);
        await page.Locator("#note").BlurAsync();
        await Saved(() => page.ClickAsync("button:has-text('メモを記録する')"));
    }

    /// <summary>Marks an asset or a system (by its id or name) with a status, in the words of the status.</summary>
    public async Task Mark(string asset, string status)
    {
        await page.FillAsync("#asset-id", asset);
        await page.Locator("#asset-id").BlurAsync();
        await page.Locator("fieldset:has(legend:text-is('状態')) label.choice").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{status}\\s*$") }).ClickAsync();
        await Saved(() => page.ClickAsync("button:has-text('状態を記録する')"));
    }

    public Task<string> State(string step) =>
        page.Locator($".steps a.step-link:has(span.num:text-is('{step}')) .state").InnerTextAsync();

    /// <summary>The sequence number of the incident's last event, as the page shows it.</summary>
    public async Task<long> LastSeq() => long.Parse(await page.GetAttributeAsync(".incident-head", "data-last-seq") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Does something and waits until the record has moved on (or fails with what the page said instead).</summary>
    private async Task Saved(Func<Task> act)
    {
        var before = await LastSeq();
        await act();
        await page.WaitForFunctionAsync(
            "before => Number(document.querySelector('.incident-head').dataset.lastSeq) > before || document.querySelector('.errors[role=alert]') !== null", before);
        if (await page.Locator(".errors[role=alert]").CountAsync() > 0)
            Assert.Fail(await page.Locator(".errors[role=alert]").InnerTextAsync());
    }
}
