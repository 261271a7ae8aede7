using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Chat.Load;
using Microsoft.AspNetCore.SignalR;

// Load generator: C conversations, each a visitor on instance A and an agent on instance B (so every message
// crosses the Redis backplane), against the product's full message path and against the bare relay.
//   chat-load --chat URL_A,URL_B --supervisor USER:PASSWORD --relay URL_A,URL_B [--conversations 200]
//             [--seconds 10] [--rates 500,1000,2000]
var options = LoadOptions.Parse(args);
Console.WriteLine($"conversations={options.Conversations} seconds={options.Seconds} rates={string.Join(',', options.Rates)} cores={Environment.ProcessorCount}");
Console.WriteLine("| target | mode | offered msgs/s | delivered msgs/s | p50 ms | p99 ms | max ms | errors | refused | lost | duplicated |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

var notes = new List<string>();
foreach (var (name, target) in options.Messages ? new (string, Func<Task<ILoadTarget>>)[]
{
    ("relay", () => RelayTarget.ConnectAsync(options)),
    ("chat", () => ChatTarget.ConnectAsync(options)),
} : [])
{
    if (!options.Targets.Contains(name))
    {
        continue;
    }

    await using var connected = await target();
    await Runner.WarmUpAsync(connected);
    if (!options.SkipClosedLoop)
    {
        Print(name, "closed loop (send after ack)", await Runner.ClosedLoopAsync(connected, options.Seconds));
        await NoteMissingAsync(name, "closed loop", connected);
    }

    foreach (var rate in options.Rates)
    {
        Print(name, "open loop", await Runner.OpenLoopAsync(connected, rate, options.Seconds));
        await NoteMissingAsync(name, $"open loop {rate}/s", connected);
    }
}

foreach (var rate in options.NewChats)
{
    var (result, overCapacity) = await NewChatsFlow.RunAsync(options, rate, options.Seconds);
    Print("chat", "new chats/s (queued → assigned; lost = never assigned, duplicated = assigned twice)", result);
    notes.Add($"new chats at {rate}/s: {overCapacity} times an agent held more than its capacity");
}

if (options.Idle > 0)
{
    var idle = await IdleFlow.RunAsync(options, options.Idle);
    Print("chat", "idle visitor connections (offered/delivered = connections asked/opened)", new RunResult(options.Idle, idle.Opened, 0, 0, 0, idle.Errors, idle.Refused, 0, 0));
    notes.Add(string.Create(CultureInfo.InvariantCulture,
        $"idle: {idle.Opened:N0} connections open on instance A, {idle.Refused:N0} refused, {idle.Errors} errors; server resident memory {idle.RssBeforeKb / 1024.0:N0} MB before, {idle.RssAfterKb / 1024.0:N0} MB after = {idle.KbEach:N1} KB per connection"));
}

foreach (var note in notes)
{
    Console.WriteLine();
    Console.WriteLine(note);
}

// "lost" counts acknowledged messages that never arrived live. The product's clients fill a gap by sequence number
// from the stored history, so say how many of those the history holds (shown after a gap fill or a reconnect) and
// how many it does not (lost for good).
async Task NoteMissingAsync(string target, string step, ILoadTarget connected)
{
    var missing = connected.Tracker.Missing();
    if (missing.Count > 0)
    {
        var stored = await connected.CountStoredAsync(missing);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{target} {step}: {missing.Count:N0} acknowledged messages missed live delivery at a side; {(stored is { } n ? $"{n:N0} of them are in the stored history (a gap fill or reconnect shows them), {missing.Count - n:N0} are not" : "the relay keeps no history")}"));
    }
}

static void Print(string target, string mode, RunResult r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {target} | {mode} | {(r.Offered > 0 ? r.Offered.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {r.Throughput:N0} | {r.P50:F1} | {r.P99:F1} | {r.Max:F1} | {r.Errors} | {r.Refused} | {r.Lost} | {r.Duplicated} |"));

namespace Chat.Load
{
    internal sealed record RunResult(int Offered, double Throughput, double P50, double P99, double Max, int Errors, int Refused, long Lost, long Duplicated);

    internal sealed class LoadOptions
    {
        public string[] Chat { get; private set; } = [];

        public string[] Relay { get; private set; } = [];

        public string Supervisor { get; private set; } = string.Empty;

        public int Conversations { get; private set; } = 200;

        public int Seconds { get; private set; } = 10;

        public int[] Rates { get; private set; } = [500, 1000, 2000];

        public bool SkipClosedLoop { get; private set; }

        /// <summary>False when only the chat flows run (<c>--no-messages</c>).</summary>
        public bool Messages { get; private set; } = true;

        public int[] NewChats { get; private set; } = [];

        public int Idle { get; private set; }

        /// <summary>Instance A's process id, to read its memory in the idle mode.</summary>
        public int ServerPid { get; private set; }

        public HashSet<string> Targets { get; } = [];

        public static LoadOptions Parse(string[] args)
        {
            var o = new LoadOptions();
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--no-closed-loop")
                {
                    o.SkipClosedLoop = true;
                    continue;
                }

                if (args[i] == "--no-messages")
                {
                    o.Messages = false;
                    continue;
                }

                var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i - 1])
                {
                    case "--chat": o.Chat = value.Split(','); o.Targets.Add("chat"); break;
                    case "--relay": o.Relay = value.Split(','); o.Targets.Add("relay"); break;
                    case "--supervisor": o.Supervisor = value; break;
                    case "--conversations": o.Conversations = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--seconds": o.Seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--rates": o.Rates = value.Length == 0 ? [] : [.. value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]; break;
                    case "--only": o.Targets.IntersectWith(value.Split(',')); break;
                    case "--new-chats": o.NewChats = [.. value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]; break;
                    case "--idle": o.Idle = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--server-pid": o.ServerPid = int.Parse(value, CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown option {args[i - 1]}");
                }
            }

            return o;
        }
    }

    /// <summary>
    /// One-way latencies (send → the other side's handler) and delivery accounting: every message carries its run,
    /// conversation and sequence number, so after a run drains each acknowledged message is checked to have
    /// arrived exactly once at every receiving side.
    /// </summary>
    internal sealed class Tracker(int sides)
    {
        private readonly List<double> samples = [];
        private readonly ConcurrentDictionary<(int Side, int Conversation, int Sequence), int> seen = new();
        private readonly ConcurrentDictionary<(int Conversation, int Sequence), byte> acked = new();
        private int run;
        private long received;

        public long Received => Interlocked.Read(ref received);

        /// <summary>The current run's number, as stamped into each message.</summary>
        public int Run => Volatile.Read(ref run);

        public string Stamp(int conversation, int sequence) =>
            string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetTimestamp()}|{Volatile.Read(ref run)}|{conversation}|{sequence}|pesan uji beban nomor {sequence} tentang jadwal tender");

        public void Acked(int conversation, int sequence) => acked.TryAdd((conversation, sequence), 0);

        /// <summary>A message reached <paramref name="side"/> (0 = the other party, 1 = the sender's own echo).</summary>
        public void Record(int side, string text)
        {
            var parts = text.Split('|', 5);
            if (parts.Length < 5
                || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sent)
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var from)
                || from != Volatile.Read(ref run))
            {
                return;
            }

            var key = (side, int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
            seen.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (side != 0)
            {
                return;
            }

            var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            lock (samples)
            {
                samples.Add(ms);
            }

            Interlocked.Increment(ref received);
        }

        /// <summary>Starts a new run: messages of earlier runs arriving late are ignored.</summary>
        public void Reset()
        {
            Interlocked.Increment(ref run);
            Interlocked.Exchange(ref received, 0);
            lock (samples)
            {
                samples.Clear();
            }

            seen.Clear();
            acked.Clear();
        }

        /// <summary>Waits (bounded) until every acknowledged message arrived at every side or nothing moves for 10 s (a backplane stall can last 5 s).</summary>
        public async Task DrainAsync()
        {
            var last = -1L;
            var quiet = Stopwatch.StartNew();
            var bound = Stopwatch.StartNew();
            while (bound.Elapsed < TimeSpan.FromSeconds(60) && quiet.Elapsed < TimeSpan.FromSeconds(10))
            {
                var arrived = seen.Count;
                if (acked.All(a => Enumerable.Range(0, sides).All(s => seen.ContainsKey((s, a.Key.Conversation, a.Key.Sequence)))))
                {
                    return;
                }

                if (arrived != last)
                {
                    last = arrived;
                    quiet.Restart();
                }

                await Task.Delay(200);
            }
        }

        /// <summary>Acknowledged messages that have not arrived at every side, each once.</summary>
        public IReadOnlyList<(int Conversation, int Sequence)> Missing() =>
            [.. acked.Keys.Where(a => Enumerable.Range(0, sides).Any(s => !seen.ContainsKey((s, a.Conversation, a.Sequence))))];

        public (long Lost, long Duplicated) Count()
        {
            var lost = 0L;
            foreach (var a in acked.Keys)
            {
                for (var s = 0; s < sides; s++)
                {
                    if (!seen.ContainsKey((s, a.Conversation, a.Sequence)))
                    {
                        lost++;
                    }
                }
            }

            return (lost, seen.Values.Sum(n => (long)Math.Max(0, n - 1)));
        }

        public (double P50, double P99, double Max) Percentiles()
        {
            double[] sorted;
            lock (samples)
            {
                sorted = [.. samples.Order()];
            }

            return sorted.Length == 0 ? (0, 0, 0) : (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1]);
        }
    }

    internal interface ILoadTarget : IAsyncDisposable
    {
        int Conversations { get; }

        Tracker Tracker { get; }

        /// <summary>Sends one message in conversation <paramref name="index"/>; completes when the server acknowledged it.</summary>
        Task SendAsync(int index, int sequence);

        /// <summary>How many of <paramref name="messages"/> the server's stored history holds (null: no history).</summary>
        Task<int?> CountStoredAsync(IReadOnlyList<(int Conversation, int Sequence)> messages);
    }

    internal enum Outcome
    {
        Acked,
        Refused,
        Error,
    }

    internal static class Runner
    {
        /// <summary>Clean refusals (overload, rate limit) say when to come back; anything else is an error.</summary>
        public static async Task<(Outcome Outcome, TimeSpan RetryAfter)> TrySendAsync(ILoadTarget target, int index, int sequence)
        {
            try
            {
                await target.SendAsync(index, sequence);
                target.Tracker.Acked(index, sequence);
                return (Outcome.Acked, TimeSpan.Zero);
            }
            catch (HubException e) when (e.Message.Contains("HubException: overloaded: ", StringComparison.Ordinal)
                || e.Message.Contains("HubException: rate_limited: ", StringComparison.Ordinal))
            {
                return (Outcome.Refused, TimeSpan.FromSeconds(1));
            }
            catch (Exception)
            {
                return (Outcome.Error, TimeSpan.Zero);
            }
        }

        /// <summary>One message per conversation, resent after a clean refusal: connections, caches and JIT warm before measuring.</summary>
        public static Task WarmUpAsync(ILoadTarget target) => Task.WhenAll(Enumerable.Range(0, target.Conversations).Select(async c =>
        {
            for (var attempt = 0; attempt < 30; attempt++)
            {
                var (outcome, retryAfter) = await TrySendAsync(target, c, -1);
                if (outcome != Outcome.Refused)
                {
                    return;
                }

                await Task.Delay(retryAfter);
            }
        }));

        public static async Task<RunResult> ClosedLoopAsync(ILoadTarget target, int seconds)
        {
            target.Tracker.Reset();
            var errors = 0;
            var refused = 0;
            var stop = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, target.Conversations).Select(async c =>
            {
                var n = 0;
                while (stop.Elapsed.TotalSeconds < seconds)
                {
                    var (outcome, retryAfter) = await TrySendAsync(target, c, n++);
                    if (outcome == Outcome.Refused)
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(retryAfter);
                    }
                    else if (outcome == Outcome.Error)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));
            var elapsed = stop.Elapsed.TotalSeconds;
            var delivered = target.Tracker.Received;
            return await FinishAsync(target, 0, delivered / elapsed, errors, refused);
        }

        public static async Task<RunResult> OpenLoopAsync(ILoadTarget target, int rate, int seconds)
        {
            target.Tracker.Reset();
            var errors = 0;
            var refused = 0;
            var pending = new List<Task>();
            var clock = Stopwatch.StartNew();
            var sent = 0;
            var total = rate * seconds;
            while (sent < total)
            {
                // Send what is due by now, then wait a millisecond: the offered rate does not depend on how fast the server answers.
                var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
                for (; sent < due; sent++)
                {
                    var i = sent;
                    pending.Add(TrySendAsync(target, i % target.Conversations, i / target.Conversations).ContinueWith(
                        t =>
                        {
                            if (t.Result.Outcome == Outcome.Refused)
                            {
                                Interlocked.Increment(ref refused);
                            }
                            else if (t.Result.Outcome == Outcome.Error)
                            {
                                Interlocked.Increment(ref errors);
                            }
                        },
                        TaskScheduler.Default));
                }

                await Task.Delay(1);
            }

            await Task.WhenAll(pending);
            var elapsed = clock.Elapsed.TotalSeconds;
            var delivered = target.Tracker.Received;
            return await FinishAsync(target, rate, delivered / elapsed, errors, refused);
        }

        private static async Task<RunResult> FinishAsync(ILoadTarget target, int offered, double throughput, int errors, int refused)
        {
            await target.Tracker.DrainAsync();
            var (lost, duplicated) = target.Tracker.Count();
            var (p50, p99, max) = target.Tracker.Percentiles();
            return new RunResult(offered, throughput, p50, p99, max, errors, refused, lost, duplicated);
        }
    }
}
