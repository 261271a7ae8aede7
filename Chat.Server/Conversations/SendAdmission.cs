using Microsoft.Extensions.Options;

namespace Chat.Server.Conversations;

/// <summary>
/// Bounded concurrency for the message path on one instance: past <see cref="ConversationOptions.MaxConcurrentSends"/>
/// messages in progress a send is refused at once (<c>overloaded</c>, retry after
/// <see cref="ConversationOptions.OverloadRetryAfter"/>) before any work is done, instead of joining a queue that
/// would make every chat wait. Accepted messages keep a bounded latency; refused ones were never started.
/// </summary>
public sealed class SendAdmission(IOptions<ConversationOptions> options)
{
    private int inFlight;

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Takes a slot; false when the instance is full. A true result must be paired with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref inFlight) <= options.Value.MaxConcurrentSends)
        {
            return true;
        }

        Interlocked.Decrement(ref inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref inFlight);
}
