using System.Diagnostics;
using System.Net.Http.Headers;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// The real nginx of <c>deploy/nginx.sh</c> (Debian's package, installed by the script when missing) in front of
/// Chat.Server instances, on a free port, in a folder of its own. It adds <c>X-Chat-Upstream</c> to responses so a
/// test can see which instance a token's requests are pinned to.
/// </summary>
public sealed class NginxFront : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;

    private NginxFront(Process process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public static async Task<NginxFront> StartAsync(IEnumerable<int> upstreamPorts)
    {
        var port = ServerProcess.FreePort();
        var folder = Directory.CreateTempSubdirectory("chat-nginx-").FullName;
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServerCommand.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(ServerCommand.RepositoryRoot, "deploy", "nginx.sh"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(folder);
        start.Environment["CHAT_NGINX_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CHAT_NGINX_UPSTREAMS"] = string.Join(',', upstreamPorts);
        start.Environment["CHAT_NGINX_SHOW_UPSTREAM"] = "1";
        var front = new NginxFront(Process.Start(start)!, folder, port);
        front.process.OutputDataReceived += (_, _) => { };
        front.process.ErrorDataReceived += (_, _) => { };
        front.process.BeginOutputReadLine();
        front.process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = front.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                if (front.process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited with {front.process.ExitCode}: {front.ErrorLog()}");
                }

                try
                {
                    return (await http.GetAsync("health/live")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            up => up,
            "nginx to answer",
            TimeSpan.FromSeconds(120));
        return front;
    }

    /// <summary>The instance (its port) that requests carrying <paramref name="token"/> are pinned to right now.</summary>
    public async Task<int> PinnedPortAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "health/live");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        // With a retry nginx lists every instance it tried ("127.0.0.1:5001, 127.0.0.1:5002"); the last one answered.
        var upstream = response.Headers.GetValues("X-Chat-Upstream").Single().Split(',').Last().Trim();
        return int.Parse(upstream[(upstream.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string ErrorLog()
    {
        var path = Path.Combine(folder, "logs", "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM to the master stops its workers too (SIGKILL would leave them holding the port).
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var bound = new CancellationTokenSource(Wait.Timeout);
            await process.WaitForExitAsync(bound.Token);
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
