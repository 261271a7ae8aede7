using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;
using Chat.Server.Moderation.Learning;

namespace Chat.Server.Commands;

/// <summary>
/// <c>Chat.Server moderate [--agent] [--explain] [--lexicons DIR] [--model FILE | --no-model]</c>: reads UTF-8 lines from
/// stdin and writes one JSON verdict per line, in order: <c>{"action":"mask","categories":["STAFF_ABUSE"],"clause":"6","text":"…"}</c>
/// (text is null when blocked); <c>--explain</c> adds the explanation, the normalised text and the terms and rules that
/// fired. Text rules and the learned layer only: no Redis or PostgreSQL, so behavioural spam (flooding, repeats) does
/// not apply. <c>moderate train</c> trains the learned layer (<see cref="ModerateTrainCommand"/>).
/// </summary>
internal static class ModerateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["train", .. var trainArgs])
        {
            return await ModerateTrainCommand.RunAsync(trainArgs);
        }

        var role = args.Contains("--agent") ? SenderRole.Agent : SenderRole.Visitor;
        var explain = args.Contains("--explain");
        var at = Array.IndexOf(args, "--lexicons");
        using var lexicons = new LexiconProvider(at >= 0 && at + 1 < args.Length ? args[at + 1] : Environment.GetEnvironmentVariable("CHAT_MODERATION_LEXICONS"), watch: false);
        var modelAt = Array.IndexOf(args, "--model");
        using var model = new ModelProvider(modelAt >= 0 && modelAt + 1 < args.Length ? args[modelAt + 1] : null, !args.Contains("--no-model"), watch: false);
        var engine = new ModerationEngine(() => lexicons.Current, () => model.Current);

        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
        var buffer = new ArrayBufferWriterStream();
        while (await input.ReadLineAsync() is { } line)
        {
            var trace = explain ? new ModerationTrace() : null;
            var verdict = engine.Evaluate(line, role, trace);
            buffer.Reset();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("action", verdict.Action.ToString().ToLowerInvariant());
                json.WriteStartArray("categories");
                foreach (var category in verdict.Categories)
                {
                    json.WriteStringValue(category);
                }

                json.WriteEndArray();
                json.WriteString("clause", verdict.Clause);
                json.WriteString("text", verdict.DeliveredText);
                if (trace is not null)
                {
                    json.WriteString("explanation", verdict.Explanation);
                    json.WriteString("normalized", trace.Normalized);
                    json.WriteStartArray("reasons");
                    foreach (var reason in trace.Reasons)
                    {
                        json.WriteStringValue(reason);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.Written));
        }

        await output.FlushAsync();
        return 0;
    }

    /// <summary>A reusable in-memory stream for the JSON writer.</summary>
    private sealed class ArrayBufferWriterStream : MemoryStream
    {
        public ReadOnlySpan<byte> Written => GetBuffer().AsSpan(0, (int)Length);

        public void Reset() => SetLength(0);
    }
}
