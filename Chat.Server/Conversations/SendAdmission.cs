using Microsoft.Extensions.Options;

namespace Chat.Server.Conversations;

/// <summary>
/// Bounded concurrency for one kind of work on one instance: past the limit a call is refused at once
/// (<c>overloaded</c>, retry after <see cref="ConversationOptions.OverloadRetryAfter"/>) before any work is done,
/// instead of joining a queue that would make everyone wait. Accepted calls keep a bounded latency; refused ones
/// were never started.
/// </summary>
public abstract class Admission(Func<int> limit)
{
    private int inFlight;

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Takes a slot; false when the instance is full. A true result must be paired with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref inFlight) <= limit())
        {
            return true;
        }

        Interlocked.Decrement(ref inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref inFlight);
}

/// <summary>Messages in progress (<see cref="ConversationOptions.MaxConcurrentSends"/>).</summary>
public sealed class SendAdmission(IOptions<ConversationOptions> options) : Admission(() => options.Value.MaxConcurrentSends);

/// <summary>
/// Chats being started (<see cref="ConversationOptions.MaxConcurrentStarts"/>): a burst of new chats is refused
/// cleanly instead of taking every pooled database connection from the chats already running.
/// </summary>
public sealed class StartAdmission(IOptions<ConversationOptions> options) : Admission(() => options.Value.MaxConcurrentStarts);
