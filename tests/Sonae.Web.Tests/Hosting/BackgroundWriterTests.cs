using Sonae.Web.Hosting;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The one background-writer rule the record writer and the audit log share: at a stop nothing more is taken,
/// everything taken is written, and every waiter is answered, with its result or with its batch's failure.
/// </summary>
public sealed class BackgroundWriterTests
{
    private sealed record Item(int Number, string Group)
    {
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Recorder
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<IReadOnlyList<int>> Batches { get; } = [];

        public async Task Write(List<Item> batch)
        {
            await Gate.Task;
            Batches.Add([.. batch.Select(i => i.Number)]);
            if (batch.Any(i => i.Group == "bad"))
                throw new InvalidOperationException("the disk is on fire");
            foreach (var item in batch)
                item.Done.TrySetResult(batch.Count);
        }

        public BackgroundWriter<Item> Writer(int capacity = 100, int maxBatch = 10) =>
            new(capacity, maxBatch, Write, (item, e) => item.Done.TrySetException(e), (batch, next) => next.Group == batch[0].Group);
    }

    [Fact]
    public async Task Stop_WritesEverythingTaken_AnswersEveryWaiter_AndTakesNothingMore()
    {
        var recorder = new Recorder();
        var writer = recorder.Writer();
        var items = Enumerable.Range(1, 25).Select(n => new Item(n, "a")).ToList();
        Assert.All(items, item => Assert.True(writer.TryQueue(item)));

        var stopping = writer.StopAsync(CancellationToken.None);
        Assert.False(writer.TryQueue(new Item(26, "a")));
        Assert.False(stopping.IsCompleted);
        recorder.Gate.SetResult();
        await stopping;

        Assert.All(items, item => Assert.True(item.Done.Task.IsCompletedSuccessfully));
        Assert.Equal(Enumerable.Range(1, 25), recorder.Batches.SelectMany(b => b));
        Assert.All(recorder.Batches, b => Assert.InRange(b.Count, 1, 10));
        Assert.False(writer.TryQueue(new Item(27, "a")));
    }

    [Fact]
    public async Task Write_Throwing_FailsEveryItemOfItsBatch_AndTheNextBatchIsStillWritten()
    {
        var recorder = new Recorder();
        await using var writer = recorder.Writer();
        Item[] bad = [new(1, "bad"), new(2, "bad")];
        var good = new Item(3, "good");
        foreach (var item in bad.Append(good))
            writer.TryQueue(item);

        recorder.Gate.SetResult();

        foreach (var item in bad)
            Assert.Equal("the disk is on fire", (await Assert.ThrowsAsync<InvalidOperationException>(() => item.Done.Task)).Message);
        Assert.Equal(1, await good.Done.Task);
        Assert.Equal([[1, 2], [3]], recorder.Batches);
    }

    [Fact]
    public async Task FullQueue_RefusesAtOnce_AndEveryItemTakenIsStillAnswered()
    {
        var recorder = new Recorder();
        var writer = recorder.Writer(capacity: 2, maxBatch: 1);
        var items = Enumerable.Range(1, 10).Select(n => new Item(n, "a")).ToList();

        // Two wait in the queue, one more at most in the loop (held at the gate): the rest are refused.
        var taken = items.Where(writer.TryQueue).ToList();

        Assert.InRange(taken.Count, 2, 3);
        recorder.Gate.SetResult();
        await writer.StopAsync(CancellationToken.None);
        Assert.All(taken, item => Assert.True(item.Done.Task.IsCompletedSuccessfully));
        Assert.All(items.Except(taken), item => Assert.False(item.Done.Task.IsCompleted));
    }
}
