using System.Diagnostics;
using System.Text.RegularExpressions;
using Chat.Tests.Infrastructure;
using Chat.Tests.Widget;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Operations;

/// <summary>
/// The README's run command, as a newcomer runs it: every service, migrations, server, console, demo page and demo
/// accounts; then the printed supervisor signs in to the console, the printed agent goes online, and a visitor on
/// the demo page chats with the agent. Once with one instance, once with two behind the nginx front
/// (<c>CHAT_INSTANCES=2</c>), where every address people use goes through nginx.
/// </summary>
[Collection(WholeSystemCollection.Name)]
public sealed partial class RunCommandTests(BrowserFixture browser)
{
    private const int ServerPort = 5180;
    private const int AgentPort = 5190;
    private const int NginxPort = 8180;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TheRunCommandStartsTheWholeSystemAndItsPrintedAccountsChatWithAVisitor(int instances)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "run.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };

        // Only what a person's shell would have: none of the suite's own service settings.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("CHAT_", StringComparison.Ordinal)))
        {
            start.Environment.Remove(key);
        }

        var ports = new Dictionary<string, string>
        {
            ["CHAT_SKIP_BUILD"] = "1",
            ["CHAT_INSTANCES"] = $"{instances}",
            ["CHAT_NGINX_PORT"] = $"{NginxPort}",
            ["CHAT_SERVER_PORT"] = $"{ServerPort}",
            ["CHAT_AGENT_PORT"] = $"{AgentPort}",
            ["CHAT_REDIS_PORT"] = "6389",
            ["CHAT_PG_PORT"] = "5442",
            ["CHAT_SMTP_PORT"] = "2545",
            ["CHAT_IMAP_PORT"] = "1163",
            ["CHAT_POP3_PORT"] = "1130",
            ["CHAT_MAIL_WEB_PORT"] = "5045",
        };
        foreach (var (key, value) in ports)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new List<string>();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                running.TrySetException(new InvalidOperationException("run.sh ended: " + string.Join('\n', output)));
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.StartsWith("Logs in ", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var stopped = false;
        IPage? agentPage = null;
        IPage? visitorPage = null;
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromMinutes(6));
            var printed = string.Join('\n', output);
            var (site, console) = instances == 1
                ? ($"http://127.0.0.1:{ServerPort}", $"http://127.0.0.1:{AgentPort}")
                : ($"http://127.0.0.1:{NginxPort}", $"http://127.0.0.1:{NginxPort + 1}");
            printed.Should().Contain($"{site}/demo/").And.Contain($"{console}/").And.Contain("http://127.0.0.1:5045/");
            var supervisor = Account().Match(printed);
            supervisor.Success.Should().BeTrue(printed);
            var agent = Agent().Match(printed);
            agent.Success.Should().BeTrue(printed);

            // The console's own address: its redirect to the sign-in page must come back to the same place.
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"{console}/");
            await page.WaitForURLAsync(new Regex("^" + Regex.Escape($"{console}/masuk")));
            await page.FillAsync("input[name=username]", "supervisor1");
            await page.FillAsync("input[name=password]", supervisor.Groups["password"].Value);
            await page.ClickAsync("button[type=submit]");

            // Supervisors sign in with two-step verification: the code an authenticator app holding the printed key shows.
            await page.FillAsync("[data-test=totp-code]", StaffAuthenticators.CodeFor(supervisor.Groups["key"].Value));
            await page.ClickAsync("[data-test=totp-submit]");
            await Expect(page.Locator("[data-test=presence-online]")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await BrowserFixture.ScreenshotAsync(page, $"run{instances}-console");
            await page.Context.CloseAsync();

            agentPage = await browser.NewPageAsync();
            await agentPage.GotoAsync($"{console}/masuk");
            await agentPage.FillAsync("input[name=username]", "agen1");
            await agentPage.FillAsync("input[name=password]", agent.Groups["password"].Value);
            await agentPage.ClickAsync("button[type=submit]");
            await agentPage.ClickAsync("[data-test=presence-online]", new() { Timeout = 60_000 });
            await Expect(agentPage.Locator("[data-test=presence-badge]")).ToHaveTextAsync("Online", new() { Timeout = 60_000 });

            // The demo database outlives a run: a name of this run's own finds this chat in the agent's inbox.
            var name = $"Siti Penyedia {TestServices.NameTag()}";
            visitorPage = await browser.NewPageAsync();
            var frame = await visitorPage.OpenWidgetAsync($"{site}/demo/");
            await frame.RegisterAsync(name, WidgetCluster.NewEmail(), question: "Dokumen penawaran tidak bisa diunggah");
            await Expect(frame.Locator(".agent-name")).ToHaveTextAsync("Anda terhubung dengan Rina Agen", new() { Timeout = 60_000 });

            var item = agentPage.Locator("[data-test=inbox-item]", new() { HasText = name });
            await item.ClickAsync(new() { Timeout = 60_000 });
            await Expect(agentPage.Locator("[data-test=conversation] [data-test=message]").First).ToContainTextAsync("Dokumen penawaran tidak bisa diunggah");
            await agentPage.FillAsync("[data-test=composer]", "Baik, ukuran file maksimal 20 MB.");
            await agentPage.PressAsync("[data-test=composer]", "Enter");
            await Expect(frame.Locator(".messages").GetByText("Baik, ukuran file maksimal 20 MB.")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await BrowserFixture.ScreenshotAsync(visitorPage, $"run{instances}-widget");

            // The agent closes it, so that the demo agent's seats are free for the next run on this machine.
            await agentPage.ClickAsync("[data-test=open-close]");
            await agentPage.ClickAsync("[data-test=close-resolved]");
            await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "Obrolan selesai" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await visitorPage.Context.CloseAsync();
            await agentPage.Context.CloseAsync();
        }
        catch (Exception e) when (e is not InvalidOperationException { Message: var m } || !m.StartsWith("run.sh ended", StringComparison.Ordinal))
        {
            // What the pages showed and what the servers, the console and nginx logged tell a failure on a CI machine apart.
            throw new InvalidOperationException(e.Message + "\n" + await PagesAsync(instances, agentPage, visitorPage) + LogTails(string.Join('\n', output)), e);
        }
        finally
        {
            stopped = await StopAsync(process);
        }

        if (!stopped)
        {
            Assert.Fail("run.sh did not stop within 2 minutes of SIGTERM\n" + LogTails(string.Join('\n', output)));
        }
    }

    /// <summary>
    /// SIGTERM, which the script traps like Ctrl-C (a shell started in the background ignores SIGINT, and so does
    /// everything it starts): it stops the servers, the console, nginx and its services. Whatever is still running
    /// after 2 minutes is killed, so that it cannot hold the ports of the next run.
    /// </summary>
    private static async Task<bool> StopAsync(Process process)
    {
        using (Process.Start("kill", ["-TERM", $"{process.Id}"]))
        {
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }

    /// <summary>Screenshots of the agent's and the visitor's pages, and the text of the chat each shows.</summary>
    private static async Task<string> PagesAsync(int instances, IPage? agent, IPage? visitor)
    {
        var shown = new System.Text.StringBuilder();
        foreach (var (name, page, chat) in new[] { ("agent", agent, "[data-test=conversation]"), ("visitor", visitor, "lpse-chat-widget iframe >> internal:control=enter-frame >> .messages") })
        {
            if (page is null || page.IsClosed)
            {
                continue;
            }

            try
            {
                await BrowserFixture.ScreenshotAsync(page, $"run{instances}-failed-{name}");
                var text = await page.Locator(chat).First.InnerTextAsync(new() { Timeout = 5_000 });
                shown.Append("--- ").Append(name).Append(" page ---\n").Append(text).Append('\n');
            }
            catch (PlaywrightException e)
            {
                shown.Append("--- ").Append(name).Append(" page: ").Append(e.Message.Split('\n')[0]).Append('\n');
            }
        }

        return shown.ToString();
    }

    /// <summary>The last lines of every log run.sh named ("Logs in DIR.").</summary>
    private static string LogTails(string printed)
    {
        var dir = LogFolder().Match(printed);
        if (!dir.Success || !Directory.Exists(dir.Groups["dir"].Value))
        {
            return "(run.sh printed no log folder)";
        }

        var tails = new System.Text.StringBuilder();
        foreach (var log in Directory.EnumerateFiles(dir.Groups["dir"].Value, "*.log").Order())
        {
            tails.Append("--- ").Append(Path.GetFileName(log)).Append(" ---\n");
            foreach (var line in File.ReadLines(log).TakeLast(60))
            {
                tails.Append(line).Append('\n');
            }
        }

        return tails.ToString();
    }

    [GeneratedRegex(@"^Logs in (?<dir>\S+)\. Press", RegexOptions.Multiline)]
    private static partial Regex LogFolder();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "run.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/run.sh not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"supervisor1\tsupervisor\t(?<password>\S+)\t2FA key (?<key>[A-Z2-7]+) ")]
    private static partial Regex Account();

    [GeneratedRegex(@"agen1\tagent\t(?<password>\S+)")]
    private static partial Regex Agent();
}
