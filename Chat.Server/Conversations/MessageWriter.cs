using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Conversations;

/// <summary>
/// Group commit of the message path's inserts: senders queue their message in a bounded channel and a few writers
/// store whatever is waiting in one round trip and one commit, so that under load a WAL flush is shared by many
/// messages instead of paid by each. A sender is answered only after the commit that holds its message
/// (durability is unchanged: fsync stays on). When a batch fails, its messages are retried one by one so that one
/// bad message (a duplicate racing itself) never fails the others.
/// </summary>
public sealed class MessageWriter : BackgroundService
{
    private readonly Channel<Pending> queue;
    private readonly ConversationStore store;
    private readonly ConversationOptions options;
    private readonly ILogger<MessageWriter> logger;

    public MessageWriter(ConversationStore store, IOptions<ConversationOptions> options, ILogger<MessageWriter> logger)
    {
        this.store = store;
        this.options = options.Value;
        this.logger = logger;

        // The admission limit bounds how many messages can wait here; the capacity is only a backstop.
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, this.options.MaxConcurrentSends))
        {
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Stores the message with its sequence number; completes after its commit. Null when the conversation is closed.</summary>
    public async Task<MessageRow?> AppendAsync(NewMessage message, CancellationToken ct)
    {
        var pending = new Pending(message);
        await queue.Writer.WriteAsync(pending, ct);

        // Not cancelled once queued: the message is stored or not, and the sender must learn which.
        return await pending.Done.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Writers finish what is queued, then end.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.CommitWriters).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(options.CommitBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < options.CommitBatch && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var rows = await store.AppendBatchAsync([.. batch.Select(p => p.Message)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(rows[i]);
            }

            return;
        }
        catch (PostgresException e) when (batch.Count > 1)
        {
            logger.LogDebug(e, "A batch of {Count} messages failed; storing them one by one", batch.Count);
        }
        catch (Exception e)
        {
            // The database is unreachable: every sender hears it and retries with the same client message id.
            foreach (var p in batch)
            {
                p.Done.TrySetException(e);
            }

            return;
        }

        foreach (var p in batch)
        {
            try
            {
                p.Done.TrySetResult((await store.AppendBatchAsync([p.Message], CancellationToken.None))[0]);
            }
            catch (Exception e)
            {
                p.Done.TrySetException(e);
            }
        }
    }

    private sealed class Pending(NewMessage message)
    {
        public NewMessage Message { get; } = message;

        public TaskCompletionSource<MessageRow?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
