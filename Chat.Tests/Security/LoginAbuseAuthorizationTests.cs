using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Security;

/// <summary>
/// Staff sign-in under attack: refusals say the same for unknown, wrong and locked; a guesser from one address backs
/// off themselves, not the account's owner; the counter starts again when the window ends; only supervisors see usernames.
/// </summary>
public sealed class LoginAbuseAuthorizationTests
{
    private const string Password = "kata-sandi-uji-123";

    [Fact]
    public async Task UnknownUserWrongPasswordAndLockedAccountGetTheSameAnswer()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync();
        using var http = cluster.Http();

        var unknown = await AnswerAsync(http, "tidak-ada-" + Guid.NewGuid().ToString("N")[..8], "apa-saja-123");
        var wrong = await AnswerAsync(http, agent.Staff.Username, "salah-sandi-0");
        for (var i = 1; i < 5; i++)
        {
            await AnswerAsync(http, agent.Staff.Username, "salah-sandi-" + i);
        }

        var locked = await AnswerAsync(http, agent.Staff.Username, Password);
        unknown.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Should().Be(unknown);
        locked.Should().Be(unknown);
    }

    [Fact]
    public async Task GuessingFromOneAddressDoesNotLockOutTheOwnerElsewhere()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync();
        using var attacker = FromAddress(cluster, "127.0.0.1");
        for (var i = 0; i < 8; i++)
        {
            await attacker.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, "tebakan-" + i));
        }

        (await attacker.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, Password))).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "the guessing address waits out its window");

        using var owner = FromAddress(cluster, "127.0.0.2");
        (await owner.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, Password))).StatusCode
            .Should().Be(HttpStatusCode.OK, "the owner signs in from another address");
    }

    [Fact]
    public async Task FailureCounterStartsAgainWhenTheWindowEnds()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Accounts:LockoutDuration"] = "00:00:02");
        var agent = await cluster.CreateStaffAsync();
        using var http = cluster.Http();
        for (var i = 0; i < 5; i++)
        {
            await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, "salah-" + i));
        }

        await Wait.UntilAsync(
            async () => (await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, Password))).StatusCode,
            s => s == HttpStatusCode.OK,
            "the lock to end");

        // One wrong try after the lock ended is one failure, not the sixth: the right password still works.
        await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, "salah-lagi"));
        (await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, Password))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OnlySupervisorsSeeStaffUsernames()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync();
        var colleague = await cluster.CreateStaffAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);

        using var asAgent = cluster.Http(0, agent.Token);
        var seenByAgent = (await asAgent.GetFromJsonAsync<StaffMember[]>("/api/staff"))!;
        seenByAgent.Should().Contain(m => m.Id == colleague.Staff.Id).Which.Username.Should().BeEmpty();
        seenByAgent.Should().NotContain(m => m.Username == colleague.Staff.Username || m.Username == supervisor.Staff.Username);

        using var asSupervisor = cluster.Http(0, supervisor.Token);
        (await asSupervisor.GetFromJsonAsync<StaffMember[]>("/api/staff"))!.Should().Contain(m => m.Id == colleague.Staff.Id)
            .Which.Username.Should().Be(colleague.Staff.Username);
    }

    private static async Task<(HttpStatusCode Status, string Code, string Title, string Detail)> AnswerAsync(HttpClient http, string username, string password)
    {
        var response = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(username, password));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        return (response.StatusCode, root.GetProperty("code").GetString()!, root.GetProperty("title").GetString()!, root.GetProperty("detail").GetString()!);
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.x address is this machine's loopback).</summary>
    private static HttpClient FromAddress(ChatCluster cluster, string source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = cluster[0].BaseAddress };
    }
}
