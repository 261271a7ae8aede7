using System.Diagnostics;
using System.Globalization;
using Chat.Load;

// Load generator: C conversations, each a visitor on instance A and an agent on instance B (so every message
// crosses the Redis backplane), against the product's full message path and against the bare relay.
//   chat-load --chat URL_A,URL_B --supervisor USER:PASSWORD --relay URL_A,URL_B [--conversations 200]
//             [--seconds 10] [--rates 500,1000,2000]
var options = LoadOptions.Parse(args);
Console.WriteLine($"conversations={options.Conversations} seconds={options.Seconds} rates={string.Join(',', options.Rates)} cores={Environment.ProcessorCount}");
Console.WriteLine("| target | mode | offered msgs/s | delivered msgs/s | p50 ms | p99 ms | max ms | errors |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");

foreach (var (name, target) in new (string, Func<Task<ILoadTarget>>)[]
{
    ("relay", () => RelayTarget.ConnectAsync(options)),
    ("chat", () => ChatTarget.ConnectAsync(options)),
})
{
    if (!options.Targets.Contains(name))
    {
        continue;
    }

    await using var connected = await target();
    await connected.WarmUpAsync();
    var closed = await Runner.ClosedLoopAsync(connected, options.Seconds);
    Print(name, "closed loop (send after ack)", closed);
    foreach (var rate in options.Rates)
    {
        Print(name, "open loop", await Runner.OpenLoopAsync(connected, rate, options.Seconds));
    }
}

static void Print(string target, string mode, RunResult r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {target} | {mode} | {(r.Offered > 0 ? r.Offered.ToString(CultureInfo.InvariantCulture) : "-")} | {r.Throughput:F0} | {r.P50:F1} | {r.P99:F1} | {r.Max:F1} | {r.Errors} |"));

namespace Chat.Load
{
    internal sealed record RunResult(int Offered, double Throughput, double P50, double P99, double Max, int Errors);

    internal sealed class LoadOptions
    {
        public string[] Chat { get; private set; } = [];

        public string[] Relay { get; private set; } = [];

        public string Supervisor { get; private set; } = string.Empty;

        public int Conversations { get; private set; } = 200;

        public int Seconds { get; private set; } = 10;

        public int[] Rates { get; private set; } = [500, 1000, 2000];

        public HashSet<string> Targets { get; } = [];

        public static LoadOptions Parse(string[] args)
        {
            var o = new LoadOptions();
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                switch (args[i])
                {
                    case "--chat": o.Chat = value.Split(','); o.Targets.Add("chat"); break;
                    case "--relay": o.Relay = value.Split(','); o.Targets.Add("relay"); break;
                    case "--supervisor": o.Supervisor = value; break;
                    case "--conversations": o.Conversations = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--seconds": o.Seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--rates": o.Rates = [.. value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            return o;
        }
    }

    /// <summary>Records one-way latencies (send → the other side's handler) from messages that carry their send timestamp.</summary>
    internal sealed class Latencies
    {
        private readonly List<double> samples = [];
        private long received;

        public long Received => Interlocked.Read(ref received);

        public void Record(string text)
        {
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sent))
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

        public (double P50, double P99, double Max) TakePercentiles()
        {
            double[] sorted;
            lock (samples)
            {
                sorted = [.. samples.Order()];
                samples.Clear();
            }

            return sorted.Length == 0 ? (0, 0, 0) : (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1]);
        }

        public static string Stamp(int i) => string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetTimestamp()}|pesan uji beban nomor {i} tentang jadwal tender");
    }

    internal interface ILoadTarget : IAsyncDisposable
    {
        int Conversations { get; }

        Latencies Latencies { get; }

        /// <summary>Sends one message in conversation <paramref name="index"/>; completes when the server acknowledged it.</summary>
        Task SendAsync(int index, int sequence);

        Task WarmUpAsync();
    }

    internal static class Runner
    {
        public static async Task<RunResult> ClosedLoopAsync(ILoadTarget target, int seconds)
        {
            target.Latencies.TakePercentiles();
            var start = target.Latencies.Received;
            var errors = 0;
            var stop = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, target.Conversations).Select(async c =>
            {
                var n = 0;
                while (stop.Elapsed.TotalSeconds < seconds)
                {
                    try
                    {
                        await target.SendAsync(c, n++);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));
            var elapsed = stop.Elapsed.TotalSeconds;
            var (p50, p99, max) = target.Latencies.TakePercentiles();
            return new RunResult(0, (target.Latencies.Received - start) / elapsed, p50, p99, max, errors);
        }

        public static async Task<RunResult> OpenLoopAsync(ILoadTarget target, int rate, int seconds)
        {
            target.Latencies.TakePercentiles();
            var start = target.Latencies.Received;
            var errors = 0;
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
                    pending.Add(target.SendAsync(i % target.Conversations, i).ContinueWith(
                        t => { if (t.IsFaulted) { Interlocked.Increment(ref errors); } }, TaskScheduler.Default));
                }

                await Task.Delay(1);
            }

            await Task.WhenAll(pending);
            var elapsed = clock.Elapsed.TotalSeconds;
            var (p50, p99, max) = target.Latencies.TakePercentiles();
            return new RunResult(rate, (target.Latencies.Received - start) / elapsed, p50, p99, max, errors);
        }
    }
}
