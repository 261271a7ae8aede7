using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Agent;

/// <summary>
/// The console signs staff in on their behalf and passes their address on, so a guesser at one desk backs off alone
/// instead of locking every colleague who signs in through the same console.
/// </summary>
public sealed partial class ConsoleSignInAddressAuthorizationTests
{
    [Fact]
    public async Task GuessesThroughTheConsoleBackOffTheGuessersAddressOnly()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1");

        // The console sits behind a proxy of its own here (the test client), and Chat.Server trusts the console.
        await using var host = new ConsoleHost(cluster[0].BaseAddress, new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        var agent = await cluster.CreateStaffAccountAsync();
        using var desk = new Desk(host);

        for (var i = 0; i < 6; i++)
        {
            (await desk.SignInAsync(agent.Username, "tebakan-" + i, "198.51.100.1")).Should().Contain("e=salah");
        }

        (await desk.SignInAsync(agent.Username, ChatCluster.StaffPassword, "198.51.100.1")).Should().Contain("e=salah", "the guessing desk waits out its window");
        (await desk.SignInAsync(agent.Username, ChatCluster.StaffPassword, "198.51.100.2")).Should().Be("/", "a colleague's desk is not locked out");

        using var asSupervisor = cluster.Http(token: (await cluster.CreateStaffAsync(StaffRole.Supervisor)).Token);
        var signIns = await asSupervisor.GetFromJsonAsync<Chat.Server.Hubs.Contracts.AuditEntryView[]>($"/api/supervision/audit?action=staff.signin&actorId={agent.Id}");
        signIns.Should().Contain(e => e.Action == "staff.signin" && e.Details.Contains("198.51.100.2"), "the audit log records the staff member's address, not the console's");
    }

    /// <summary>A browser-like client of the console (cookies, antiforgery token) that a proxy in front says comes from a given address.</summary>
    private sealed partial class Desk(ConsoleHost host) : IDisposable
    {
        private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };

        /// <summary>Posts the sign-in form; returns where the console redirected to.</summary>
        public async Task<string> SignInAsync(string username, string password, string address)
        {
            var form = await http.GetStringAsync("/masuk");
            var token = Antiforgery().Match(form).Groups[1].Value;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/akun/masuk")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["username"] = username, ["password"] = password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
                }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await http.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            return response.Headers.Location!.OriginalString;
        }

        public void Dispose() => http.Dispose();

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex Antiforgery();
    }
}
