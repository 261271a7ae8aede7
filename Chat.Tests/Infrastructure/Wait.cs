namespace Chat.Tests.Infrastructure;

/// <summary>Bounded waits: tests await real events, never sleep.</summary>
public static class Wait
{
    /// <summary>Generous for a loaded 2-core CI machine; a passing test never waits this long.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(20);

    /// <summary>Polls external state (a database row, a Redis key) until <paramref name="condition"/> holds, within a bound.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }

            // A bounded poll of external state, backing off; not a sleep standing in for an event.
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }
}
