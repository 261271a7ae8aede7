using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Security;

/// <summary>
/// Two-factor sign-in for staff against the running server: a supervisor's password alone earns no token; enrolment
/// needs a code from the secret; a code or recovery code works once; wrong codes back off; agents only when
/// configured; a supervisor resets a colleague's second factor (audited), never their own.
/// </summary>
public sealed class TwoFactorAuthorizationTests
{
    private const string Password = ChatCluster.StaffPassword;

    [Fact]
    public async Task SupervisorPasswordAloneEarnsOnlyAChallengeToEnrolWithACode()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAccountAsync(StaffRole.Supervisor);
        using var http = cluster.Http();

        var challenge = await PasswordStepAsync(http, supervisor.Username);
        challenge.Step.Should().Be(TwoFactorStep.Enrol);
        using (var withChallenge = cluster.Http(token: challenge.Challenge))
        {
            (await withChallenge.GetAsync("/api/staff/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a challenge is not a session");
        }

        var enrolment = await (await http.PostAsJsonAsync("/api/staff/login/enrol", new TwoFactorEnrolRequest(challenge.Challenge))).Content.ReadFromJsonAsync<TwoFactorEnrolment>();
        enrolment!.OtpAuthUri.Should().StartWith("otpauth://totp/").And.Contain("secret=" + enrolment.Secret);
        var again = await (await http.PostAsJsonAsync("/api/staff/login/enrol", new TwoFactorEnrolRequest(challenge.Challenge))).Content.ReadFromJsonAsync<TwoFactorEnrolment>();
        again!.Secret.Should().Be(enrolment.Secret, "a reloaded enrolment page shows the QR code already scanned");

        (await CodeAsync(http, challenge, "000000")).Code.Should().Be("two_factor_failed");
        var code = StaffAuthenticators.CodeFor(enrolment.Secret);
        var response = await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest(challenge.Challenge, code));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var session = (await response.Content.ReadFromJsonAsync<StaffSession>())!;
        session.RecoveryCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        session.Staff.TwoFactor.Should().BeTrue();

        using var signedIn = cluster.Http(token: session.Token);
        (await signedIn.GetFromJsonAsync<StaffMember>("/api/staff/me"))!.TwoFactor.Should().BeTrue();
        (await signedIn.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?action=staff.2fa.enabled&subject={supervisor.Id}"))
            .Should().ContainSingle().Which.ActorId.Should().Be(supervisor.Id);
        (await http.PostAsJsonAsync("/api/staff/login/enrol", new TwoFactorEnrolRequest(challenge.Challenge))).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "an enrolled account cannot be given a new secret through an old challenge");
    }

    [Fact]
    public async Task ACodeThatSignedInOnceIsRefusedTheSecondTime()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAccountAsync(StaffRole.Supervisor);
        await cluster.EnrolAsync(supervisor);
        using var http = cluster.Http();
        var code = StaffAuthenticators.Code(supervisor.Username);

        (await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest((await PasswordStepAsync(http, supervisor.Username)).Challenge, code)))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var replay = await CodeAsync(http, await PasswordStepAsync(http, supervisor.Username), code);
        replay.Status.Should().Be(HttpStatusCode.Unauthorized);
        replay.Code.Should().Be("two_factor_failed", "someone who watched the code being typed cannot use it again");
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceAndIsAudited()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAccountAsync(StaffRole.Supervisor);
        await cluster.EnrolAsync(supervisor);
        using var http = cluster.Http();
        var recovery = StaffAuthenticators.TakeRecoveryCode(supervisor.Username);

        var response = await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest((await PasswordStepAsync(http, supervisor.Username)).Challenge, recovery.ToUpperInvariant()));
        response.StatusCode.Should().Be(HttpStatusCode.OK, "recovery codes are read without regard to case");
        var session = (await response.Content.ReadFromJsonAsync<StaffSession>())!;
        (await CodeAsync(http, await PasswordStepAsync(http, supervisor.Username), recovery)).Code.Should().Be("two_factor_failed");

        using var signedIn = cluster.Http(token: session.Token);
        (await signedIn.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?action=staff.2fa.recovery_code_used&subject={supervisor.Id}"))
            .Should().ContainSingle();
    }

    [Fact]
    public async Task WrongCodesBackOffLikeWrongPasswordsAndTheRightCodeWaitsToo()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAccountAsync(StaffRole.Supervisor);
        await cluster.EnrolAsync(supervisor);
        using var http = cluster.Http();
        var challenge = await PasswordStepAsync(http, supervisor.Username);
        var right = StaffAuthenticators.Code(supervisor.Username);
        var wrong = right == "123456" ? "654321" : "123456";
        var first = await CodeAsync(http, challenge, wrong);
        for (var i = 1; i < 5; i++)
        {
            (await CodeAsync(http, challenge, wrong)).Should().Be(first);
        }

        (await CodeAsync(http, challenge, right)).Should().Be(first, "after five wrong codes the address waits out the window, right code or not");

        // Starting again at the password does not reset the count: that address now waits at the password step too.
        var password = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(supervisor.Username, Password));
        password.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ProblemCodeAsync(password)).Should().Be("login_failed");
    }

    [Fact]
    public async Task AgentsSignInWithAPasswordUnlessTheServiceRequiresASecondFactorForThem()
    {
        await using (var relaxed = await ChatCluster.StartAsync())
        {
            var agent = await relaxed.CreateStaffAccountAsync();
            using var http = relaxed.Http();
            (await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Username, Password))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using var strict = await ChatCluster.StartAsync(configure: s => s["Accounts:TwoFactorForAgents"] = "true");
        var strictAgent = await strict.CreateStaffAccountAsync();
        using var strictHttp = strict.Http();
        (await PasswordStepAsync(strictHttp, strictAgent.Username)).Step.Should().Be(TwoFactorStep.Enrol);
        (await strict.CreateStaffAsync()).Staff.TwoFactor.Should().BeTrue("the fixture enrols and signs in with a code");
    }

    [Fact]
    public async Task SupervisorResetsAColleaguesSecondFactorAuditedButNeverTheirOwn()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var colleague = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.CreateStaffAsync();
        using var asSupervisor = cluster.Http(token: supervisor.Token);
        using var asAgent = cluster.Http(token: agent.Token);

        (await asAgent.DeleteAsync($"/api/staff/{colleague.Staff.Id}/two-factor")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var own = await asSupervisor.DeleteAsync($"/api/staff/{supervisor.Staff.Id}/two-factor");
        own.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ProblemCodeAsync(own)).Should().Be("own_account");

        (await asSupervisor.DeleteAsync($"/api/staff/{colleague.Staff.Id}/two-factor")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var asColleague = cluster.Http(token: colleague.Token))
        {
            (await asColleague.GetAsync("/api/staff/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the reset signs the colleague out everywhere");
        }

        using var http = cluster.Http();
        (await PasswordStepAsync(http, colleague.Staff.Username)).Step.Should().Be(TwoFactorStep.Enrol, "the colleague sets up a new authenticator");
        var entry = (await asSupervisor.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?action=staff.2fa.reset&subject={colleague.Staff.Id}"))
            .Should().ContainSingle().Subject;
        entry.ActorId.Should().Be(supervisor.Staff.Id);
    }

    [Fact]
    public async Task ForgedAndStaleChallengesAreRefused()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAccountAsync(StaffRole.Supervisor);
        await cluster.EnrolAsync(supervisor);
        using var http = cluster.Http();
        (await CodeAsync(http, new TwoFactorChallenge("bukan-tantangan", TwoFactorStep.Code, DateTimeOffset.UtcNow), "123456")).Code.Should().Be("two_factor_expired");

        // A password reset between the two steps voids the challenge issued before it.
        var challenge = await PasswordStepAsync(http, supervisor.Username);
        await cluster[0].Service<Chat.Server.Accounts.StaffStore>().SetPasswordAsync(supervisor.Username, Password, AuditEntry.Operator("staff.password_reset", null), CancellationToken.None);
        (await CodeAsync(http, challenge, StaffAuthenticators.Code(supervisor.Username))).Code.Should().Be("two_factor_expired");
    }

    [Fact]
    public async Task TheStaffCommandEnrolsASupervisorAndPrintsWhatSigningInNeeds()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var username = "sup-" + Guid.NewGuid().ToString("N")[..8];
        var run = await ServerCommand.RunAsync(ServerCommand.For(cluster.Settings["Database:ConnectionString"]!, cluster.Prefix), "staff", "add", username, "supervisor", "Supervisor", "Uji");
        run.ExitCode.Should().Be(0, run.Error);
        var fields = run.Output.Trim().Split('\t');
        fields[0].Should().Be(username);
        var key = System.Text.RegularExpressions.Regex.Match(fields[3], "2FA key ([A-Z2-7]+)").Groups[1].Value;
        var recovery = System.Text.RegularExpressions.Regex.Match(fields[3], "recovery codes ([a-z0-9 ]+)$").Groups[1].Value.Split(' ');
        recovery.Should().HaveCount(10);

        using var http = cluster.Http();
        var response = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(username, fields[2]));
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var challenge = (await response.Content.ReadFromJsonAsync<TwoFactorChallenge>())!;
        challenge.Step.Should().Be(TwoFactorStep.Code, "the command already enrolled the key it printed");
        (await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest(challenge.Challenge, StaffAuthenticators.CodeFor(key))))
            .StatusCode.Should().Be(HttpStatusCode.OK, "the code the app shows right now is unused");
    }

    private static async Task<TwoFactorChallenge> PasswordStepAsync(HttpClient http, string username)
    {
        var response = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(username, Password));
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<TwoFactorChallenge>())!;
    }

    private static async Task<(HttpStatusCode Status, string Code, string Detail)> CodeAsync(HttpClient http, TwoFactorChallenge challenge, string code)
    {
        var response = await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest(challenge.Challenge, code));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("code").GetString()!, body.RootElement.GetProperty("detail").GetString()!);
    }

    private static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
