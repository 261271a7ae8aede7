using BenchmarkDotNet.Running;
using Chat.Bench;

// `dotnet run -c Release --project bench/Chat.Bench -- eval [DIR]` measures quality on the evaluation data;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter *Moderation* --job short`).
if (args is ["eval", .. var rest])
{
    return ModerationEval.Run(rest.Length > 0 ? rest[0] : null);
}

BenchmarkSwitcher.FromAssembly(typeof(ModerationBenchmarks).Assembly).Run(args);
return 0;
