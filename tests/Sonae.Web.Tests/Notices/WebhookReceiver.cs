using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sonae.Web.Tests.Notices;

/// <summary>A request a webhook receiver took: which hook, the delivery header, the body.</summary>
/// <param name="WhileHanging">Whether another post was being held (<c>/hang</c>) when this one arrived.</param>
public sealed record ReceivedHook(string Hook, string? Delivery, string ContentType, JsonElement Body, bool WhileHanging);

/// <summary>
/// An HTTP server on loopback, in the test process (Kestrel), standing in for Slack, Teams and a hospital's system:
/// <c>/hook/{name}</c> takes a post and answers 200, <c>/fail/{name}</c> answers 500, <c>/hang/{name}</c> answers
/// only after a minute (longer than any send may take). Everything posted is kept to read back.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hanging;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    public Uri Address { get; private set; } = null!;

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook/{name}", async (string name, HttpRequest request) =>
        {
            await receiver.Keep(name, request);
            return Results.Ok("ok");
        });
        app.MapPost("/fail/{name}", async (string name, HttpRequest request) =>
        {
            await receiver.Keep(name, request);
            return Results.Text("no_service", statusCode: 500);
        });
        app.MapPost("/hang/{name}", async (string name, HttpRequest request, CancellationToken cancellationToken) =>
        {
            Interlocked.Increment(ref receiver._hanging);
            try
            {
                await receiver.Keep(name, request);
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Sonae gave up waiting and closed the connection.
            }
            finally
            {
                Interlocked.Decrement(ref receiver._hanging);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public string Url(string path) => new Uri(Address, path).ToString();

    public IReadOnlyList<ReceivedHook> For(string hook) => [.. Received.Where(r => r.Hook == hook)];

    /// <summary>Waits until <paramref name="hook"/> received at least <paramref name="count"/> posts; false when it did not within <paramref name="limit"/>.</summary>
    public async Task<bool> WaitFor(string hook, int count, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (For(hook).Count < count && waited.Elapsed < limit)
            await Task.Delay(50);
        return For(hook).Count >= count;
    }

    private async Task Keep(string name, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        Received.Enqueue(new ReceivedHook(name, request.Headers["X-Sonae-Delivery"].FirstOrDefault(), request.ContentType ?? "", body.RootElement.Clone(),
            Volatile.Read(ref _hanging) > (request.Path.StartsWithSegments("/hang", StringComparison.Ordinal) ? 1 : 0)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
