using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Chat.Bench;

// `dotnet run -c Release --project bench/Chat.Bench -- eval [DIR] [--model FILE] [--misses]` measures quality on the evaluation
// data; anything else goes to BenchmarkDotNet (e.g. `-- --filter *Moderation* --job short`).
if (args is ["eval", .. var rest])
{
    var modelAt = Array.IndexOf(rest, "--model");
    var model = modelAt >= 0 && modelAt + 1 < rest.Length ? rest[modelAt + 1] : null;
    ModerationEval.ShowMisses = rest.Contains("--misses");
    var positional = rest.Where((a, i) => a != "--model" && a != "--misses" && (modelAt < 0 || i != modelAt + 1)).ToArray();
    return ModerationEval.Run(positional.Length > 0 ? positional[0] : null, model);
}

// BenchmarkDotNet builds a copy of the solution for each job; on the shared 2-core machine under load that takes
// longer than its default two minutes (the build was killed and nothing ran). `--inProcess` skips that build.
BenchmarkSwitcher.FromAssembly(typeof(ModerationBenchmarks).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)));
return 0;
