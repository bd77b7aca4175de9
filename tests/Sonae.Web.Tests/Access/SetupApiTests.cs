using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Web.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>First-run setup, on a fresh instance of its own (no organization yet).</summary>
public sealed class SetupApiTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Setup_OnlyWithTheConsoleCode_ThenNeverAgain()
    {
        var anonymous = factory.Client(null);
        Assert.True((await (await anonymous.GetAsync("/api/v1/setup")).Json(HttpStatusCode.OK)).GetProperty("required").GetBoolean());
        var code = factory.Services.GetRequiredService<SetupCode>().Peek()!;

        var wrong = await (await anonymous.PostJson("/api/v1/setup", new { setupCode = "AAAA-BBBB-CCCC", organizationName = "乗っ取り病院" }))
            .Problem(HttpStatusCode.Forbidden, "setup-code-wrong");
        Assert.Contains("コンソール", wrong.Detail(), StringComparison.Ordinal);
        await (await anonymous.PostJson("/api/v1/setup", new { setupCode = code, organizationName = "" })).Problem(HttpStatusCode.BadRequest, "invalid-field");

        var done = await (await anonymous.PostJson("/api/v1/setup", new { setupCode = code.ToLowerInvariant(), organizationName = "みなと市立病院" })).Json(HttpStatusCode.Created);

        var keys = done.GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("role").GetString()!, k => k.GetProperty("key").GetString()!);
        Assert.Equal(["management", "security-officer", "staff", "vendor"], keys.Keys.Order());
        var officer = factory.Client(keys["security-officer"]);
        Assert.Equal(0, (await (await officer.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK)).GetArrayLength());
        var playbooks = await (await officer.GetAsync("/api/v1/playbooks")).Json(HttpStatusCode.OK);
        Assert.Equal("mhlw-incident-flowchart", playbooks[0].GetProperty("id").GetString());

        Assert.False((await (await anonymous.GetAsync("/api/v1/setup")).Json(HttpStatusCode.OK)).GetProperty("required").GetBoolean());
        await (await anonymous.PostJson("/api/v1/setup", new { setupCode = code, organizationName = "二つ目" })).Problem(HttpStatusCode.Conflict, "setup-not-required");
    }

    [Fact]
    public async Task TryRun_RightCodeWhileAnotherSetsUp_IsToldItIsDone_NotThatTheCodeIsWrong()
    {
        using var code = new SetupCode(Microsoft.Extensions.Logging.Abstractions.NullLogger<SetupCode>.Instance);
        var issued = code.Issue();
        var holding = new TaskCompletionSource();
        var entered = new TaskCompletionSource();

        var first = code.TryRun(issued, async () =>
        {
            entered.SetResult();
            await holding.Task;
        });
        await entered.Task;
        var second = code.TryRun(issued, () => throw new InvalidOperationException("A second setup must not run."));
        holding.SetResult();

        Assert.Equal(SetupCode.Attempt.Done, await first);
        Assert.Equal(SetupCode.Attempt.AlreadyDone, await second);
        Assert.Equal(SetupCode.Attempt.AlreadyDone, await code.TryRun("AAAA-BBBB-CCCC", () => Task.CompletedTask));
    }

    [Fact]
    public async Task SetupCode_WrongGuesses_AreSlowedDownNotRewarded()
    {
        using var fresh = new SqliteFactory();
        var anonymous = fresh.Client(null);
        var code = fresh.Services.GetRequiredService<SetupCode>().Peek()!;

        for (var i = 0; i < SetupEndpoints.AttemptsPerMinute; i++)
            await (await anonymous.PostJson("/api/v1/setup", new { setupCode = "WRONG-CODE-" + i, organizationName = "乗っ取り" })).Problem(HttpStatusCode.Forbidden, "setup-code-wrong");
        var limited = await (await anonymous.PostJson("/api/v1/setup", new { setupCode = code, organizationName = "本物の病院" })).Problem(HttpStatusCode.TooManyRequests, "too-many-requests");

        Assert.Contains("秒ほど待って", limited.Detail(), StringComparison.Ordinal);
        Assert.Equal(code, fresh.Services.GetRequiredService<SetupCode>().Peek());
    }
}
