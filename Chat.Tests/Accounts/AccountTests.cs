using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Accounts;

public sealed class AccountTests
{
    [Fact]
    public async Task RegistrationRefusesBadInputWithAClearIndonesianMessage()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        var policy = (await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current"))!;
        policy.Text.Should().Contain("PERLAKUAN TERHADAP STAF");

        async Task<(HttpStatusCode Status, string Code, string Detail)> Register(RegisterVisitorRequest request)
        {
            var response = await http.PostAsJsonAsync("/api/visitors", request);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, problem.GetProperty("code").GetString()!, problem.GetProperty("detail").GetString()!);
        }

        var badEmail = await Register(new RegisterVisitorRequest("Budi Santoso", "budi@", null, null, policy.Version));
        badEmail.Should().Be((HttpStatusCode.BadRequest, HubErrors.InvalidArgument, "Alamat email tidak valid."));
        var noName = await Register(new RegisterVisitorRequest(" ", "budi@contoh.co.id", null, null, policy.Version));
        noName.Detail.Should().StartWith("Nama wajib diisi");
        var badPhone = await Register(new RegisterVisitorRequest("Budi", "budi@contoh.co.id", "12ab", null, policy.Version));
        badPhone.Detail.Should().Contain("WhatsApp");
        var notAccepted = await Register(new RegisterVisitorRequest("Budi", "budi@contoh.co.id", null, null, 0));
        notAccepted.Code.Should().Be(HubErrors.PolicyNotAccepted);

        var malformed = await http.PostAsync("/api/visitors", new StringContent("{nama:", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnEmailCanBeRegisteredOnlyOnceAndTheReturningVisitorIsRecognisedByToken()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var visitor = await cluster.RegisterVisitorAsync(instance: 0);
        using var anonymous = cluster.Http(1);
        var again = await anonymous.PostAsJsonAsync("/api/visitors",
            new RegisterVisitorRequest("Orang Lain", visitor.Visitor.Email.ToUpperInvariant(), null, null, visitor.Visitor.CurrentPolicyVersion));
        // No second account: the owner of the address is sent a sign-in code instead (EmailVerificationTests).
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await again.Content.ReadAsStringAsync()).Should().NotContain("token");

        // The token issued by instance 0 is valid on instance 1 (data-protection keys live in Redis).
        using var http = cluster.Http(1, visitor.Token);
        var me = await http.GetFromJsonAsync<VisitorMe>("/api/visitors/me");
        me!.VisitorId.Should().Be(visitor.Visitor.VisitorId);
        me.AcceptedPolicyVersion.Should().Be(me.CurrentPolicyVersion);
    }

    [Fact]
    public async Task ForgedExpiredAndWrongKindTokensAreRefusedEverywhere()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var tokens = cluster[0].Service<TokenService>();
        var expired = tokens.Issue(TokenKind.Visitor, visitor.Visitor.VisitorId, 1, TimeSpan.FromSeconds(-1)).Token;

        foreach (var bad in new[] { "not-a-token", visitor.Token[..^4] + "AAAA", expired })
        {
            using var http = cluster.Http(0, bad);
            var response = await http.GetAsync("/api/visitors/me");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await response.Content.ReadAsStringAsync()).Should().Contain("Sesi tidak valid");
            var connect = () => cluster.ConnectVisitorAsync(bad);
            await connect.Should().ThrowAsync<HttpRequestException>();
        }

        // A visitor's token opens neither the staff hub nor staff endpoints.
        var asAgent = () => cluster.ConnectAgentAsync(visitor.Token);
        await asAgent.Should().ThrowAsync<HttpRequestException>();
        using var visitorHttp = cluster.Http(0, visitor.Token);
        (await visitorHttp.GetAsync("/api/staff")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task StaffSignInBacksOffAfterRepeatedFailuresAndOnlySupervisorsCreateStaff()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync();
        using var http = cluster.Http();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, "salah-" + i));
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        // The same answer as a wrong password, even for the right one, until the window passes.
        var locked = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, "kata-sandi-uji-123"));
        locked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await locked.Content.ReadAsStringAsync()).Should().Contain("login_failed");

        var request = new CreateStaffRequest($"baru-{Guid.NewGuid():N}"[..20], "Agen Baru", StaffRole.Agent, "kata-sandi-panjang-1", 2, [Topics.Account]);
        using var asAgent = cluster.Http(0, agent.Token);
        (await asAgent.PostAsJsonAsync("/api/staff", request)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var asSupervisor = cluster.Http(0, supervisor.Token);
        (await asSupervisor.PostAsJsonAsync("/api/staff", request)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await asSupervisor.PostAsJsonAsync("/api/staff", request)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await asSupervisor.PostAsJsonAsync("/api/staff", request with { Username = "x y", Password = "pendek" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AfterAPolicyRevisionVisitorsAcceptTheNewVersionBeforeTheirNextChat()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        await cluster.OnlineAgentAsync();
        var visitor = await cluster.ConnectedVisitorAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);

        var revised = await cluster[0].Service<PolicyStore>().PublishAsync("Kebijakan Layanan v2", "Teks revisi kebijakan layanan.", supervisor.Staff.Id, CancellationToken.None);

        var (code, message) = await visitor.Hub.RefusedAsync(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        code.Should().Be(HubErrors.PolicyNotAccepted);
        message.Should().Contain($"versi {revised.Version}");
        using var http = cluster.Http(0, visitor.Visitor.Token);
        (await http.GetFromJsonAsync<VisitorMe>("/api/visitors/me"))!.CurrentPolicyVersion.Should().Be(revised.Version);
        (await http.PostAsJsonAsync("/api/visitors/me/policy", new AcceptPolicyRequest(1))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.PostAsJsonAsync("/api/visitors/me/policy", new AcceptPolicyRequest(revised.Version))).StatusCode.Should().Be(HttpStatusCode.OK);

        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
    }

    [Fact]
    public async Task EnglishIsAvailableOnRequest()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        var response = await http.PostAsJsonAsync("/api/visitors?lang=en", new RegisterVisitorRequest("Budi", "x@", null, null, 1));
        (await response.Content.ReadAsStringAsync()).Should().Contain("The email address is not valid.");
        var topics = await http.GetFromJsonAsync<List<TopicInfo>>("/api/topics?lang=en");
        topics.Should().Contain(t => t.Id == Topics.Technical && t.Name == "SPSE Technical Issues");
    }
}
