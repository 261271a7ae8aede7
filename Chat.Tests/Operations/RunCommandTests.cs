using System.Diagnostics;
using System.Text.RegularExpressions;
using Chat.Tests.Infrastructure;
using Chat.Tests.Widget;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Operations;

/// <summary>
/// The README's run command, as a newcomer runs it: every service, migrations, server, console, demo page and demo
/// accounts; then a person signs in to the console with the printed account and opens the widget on the demo page.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed partial class RunCommandTests(BrowserFixture browser)
{
    private const int ServerPort = 5180;
    private const int AgentPort = 5190;

    [Fact]
    public async Task TheRunCommandStartsTheWholeSystemAndItsPrintedAccountsSignIn()
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
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromMinutes(6));
            var printed = string.Join('\n', output);
            printed.Should().Contain($"http://127.0.0.1:{ServerPort}/demo/").And.Contain($"http://127.0.0.1:{AgentPort}/").And.Contain("http://127.0.0.1:5045/");
            var supervisor = Account().Match(printed);
            supervisor.Success.Should().BeTrue(printed);

            var page = await browser.NewPageAsync();
            await page.GotoAsync($"http://127.0.0.1:{AgentPort}/masuk");
            await page.FillAsync("input[name=username]", "supervisor1");
            await page.FillAsync("input[name=password]", supervisor.Groups["password"].Value);
            await page.ClickAsync("button[type=submit]");

            // Supervisors sign in with two-step verification: the code an authenticator app holding the printed key shows.
            await page.FillAsync("[data-test=totp-code]", StaffAuthenticators.CodeFor(supervisor.Groups["key"].Value));
            await page.ClickAsync("[data-test=totp-submit]");
            await Expect(page.Locator("[data-test=presence-online]")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await BrowserFixture.ScreenshotAsync(page, "run-console");

            var frame = await page.OpenWidgetAsync($"http://127.0.0.1:{ServerPort}/demo/");
            await Expect(frame.GetByLabel("Nama lengkap")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await BrowserFixture.ScreenshotAsync(page, "run-widget");
            await page.Context.CloseAsync();
        }
        finally
        {
            // Ctrl-C: the script stops the server, the console and its services.
            using (Process.Start("kill", ["-INT", $"{process.Id}"]))
            {
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(stop.Token);
        }
    }

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
}
