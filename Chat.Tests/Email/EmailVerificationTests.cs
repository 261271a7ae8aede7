using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Email;

/// <summary>Clause 2 against the real mail server: codes by email confirm addresses, sign visitors in on another device, and confirm a new address.</summary>
public sealed class EmailVerificationTests
{
    [Fact]
    public async Task RegistrationMailsACodeThatVerifiesTheAddressOnceAndStaffSeeTheAddressVerified()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        visitor.Visitor.EmailVerified.Should().BeFalse();

        var mail = (await MailServer.WaitForAsync(visitor.Visitor.Email)).Single();
        mail.From.Mailboxes.Single().Name.Should().Be("HELPDESK LPSE Kabupaten Tanah Laut");
        mail.From.Mailboxes.Single().Address.Should().Be($"helpdesk-{cluster.Prefix}@lpse.test");
        mail.ReplyTo.Mailboxes.Single().Address.Should().Be($"helpdesk-{cluster.Prefix}@lpse.test");
        mail.Subject.Should().StartWith("Kode verifikasi email Anda");
        mail.Headers["Auto-Submitted"].Should().Be("auto-generated");
        mail.HtmlBody.Should().Contain(visitor.Visitor.Name);
        mail.TextBody.Should().Contain("berlaku 10 menit");
        var code = MailServer.CodeIn(mail);
        code.Should().MatchRegex(@"^\d{6}$");

        using var http = cluster.Http(0, visitor.Token);
        var wrong = await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code == "000000" ? "111111" : "000000"));
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Problem(wrong)).Should().Be(("code_invalid", "Kode salah atau sudah kedaluwarsa. Periksa email Anda atau minta kode baru."));

        var right = await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code));
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        (await right.Content.ReadFromJsonAsync<VisitorMe>())!.EmailVerified.Should().BeTrue();
        var again = await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code));
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a code works once");

        var agent = await cluster.CreateStaffAsync();
        using var staff = cluster.Http(0, agent.Token);
        var history = await staff.GetFromJsonAsync<VisitorHistory>($"/api/staff/visitors/{visitor.Visitor.VisitorId}/history");
        history!.Visitor.EmailVerified.Should().BeTrue();
    }

    [Fact]
    public async Task AFifthWrongCodeEndsTheCodeAndCodeRequestsPerAddressAreLimited()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var code = MailServer.CodeIn((await MailServer.WaitForAsync(visitor.Visitor.Email)).Single());
        using var http = cluster.Http(0, visitor.Token);
        var wrongCode = code == "123456" ? "654321" : "123456";
        for (var i = 0; i < 5; i++)
        {
            (await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(wrongCode))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        var late = await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code));
        late.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Problem(late)).Should().Be(("code_attempts", "Kode salah 5 kali dan tidak berlaku lagi. Minta kode baru."), "after five wrong tries even the right code is refused");

        // Registration sent one code; four more may be asked for this hour, the sixth is refused.
        for (var i = 0; i < 4; i++)
        {
            (await http.PostAsync("/api/visitors/me/email/code", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var limited = await http.PostAsync("/api/visitors/me/email/code", null);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await Problem(limited)).Detail.Should().Contain("Terlalu banyak permintaan kode");

        // The newest code replaced the earlier ones and still verifies.
        var mails = await MailServer.WaitForAsync(visitor.Visitor.Email, 5);
        // Mail arrives in the order it was written (the outbox sends oldest first); Date has only second precision.
        var newest = MailServer.CodeIn(mails[^1]);
        (await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(newest))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RegisteringAgainWithAKnownAddressLeadsToSignInByCodeWithoutSayingTheAddressIsRegistered()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var visitor = await cluster.RegisterVisitorAsync(instance: 0);
        await MailServer.WaitForAsync(visitor.Visitor.Email);
        using (var own = cluster.Http(0, visitor.Token))
        {
            (await own.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Technical, "Tidak bisa unggah", "Dokumen penawaran gagal diunggah.")))
                .EnsureSuccessStatusCode();
        }

        // Another device: registering with the same address answers like a sign-in-code request for any address.
        using var anonymous = cluster.Http(1);
        var again = await anonymous.PostAsJsonAsync("/api/visitors",
            new RegisterVisitorRequest("Orang Lain", visitor.Visitor.Email.ToUpperInvariant(), null, null, visitor.Visitor.CurrentPolicyVersion));
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = (await again.Content.ReadFromJsonAsync<CodeSent>())!;
        var stranger = await anonymous.PostAsJsonAsync("/api/visitors/signin/code", new SignInCodeRequest($"tidak-ada-{Guid.NewGuid():N}@contoh.go.id"));
        stranger.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await stranger.Content.ReadFromJsonAsync<CodeSent>())!.ExpiresInMinutes.Should().Be(sent.ExpiresInMinutes);
        (await again.Content.ReadAsStringAsync()).Should().NotContainAny("email_taken", "terdaftar");

        var signInMail = (await MailServer.WaitForAsync(visitor.Visitor.Email, 2)).Single(m => (m.Subject ?? string.Empty).StartsWith("Kode masuk", StringComparison.Ordinal));
        var bad = await anonymous.PostAsJsonAsync("/api/visitors/signin", new SignInRequest(visitor.Visitor.Email, "999999x"));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var signedIn = await anonymous.PostAsJsonAsync("/api/visitors/signin", new SignInRequest(visitor.Visitor.Email, MailServer.CodeIn(signInMail)));
        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        var session = (await signedIn.Content.ReadFromJsonAsync<VisitorSession>())!;
        session.Visitor.VisitorId.Should().Be(visitor.Visitor.VisitorId);
        session.Visitor.EmailVerified.Should().BeTrue("the code proved the address");

        using var device2 = cluster.Http(1, session.Token);
        var tickets = await device2.GetFromJsonAsync<TicketSummary[]>("/api/visitors/me/tickets");
        tickets!.Should().ContainSingle(t => t.Subject == "Tidak bisa unggah");
    }

    [Fact]
    public async Task ChangingTheEmailTakesEffectOnlyWithTheNewAddressCodeAndTellsTheOldAddress()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var other = await cluster.RegisterVisitorAsync();
        using var http = cluster.Http(0, visitor.Token);
        var fresh = $"baru-{Guid.NewGuid():N}@instansi.go.id";

        var requested = (await (await http.PutAsJsonAsync("/api/visitors/me/email", new UpdateEmailRequest(fresh))).Content.ReadFromJsonAsync<VisitorMe>())!;
        requested.Email.Should().Be(visitor.Visitor.Email, "nothing changes before the new address is confirmed");
        requested.PendingEmail.Should().Be(fresh);

        var code = MailServer.CodeIn((await MailServer.WaitForAsync(fresh)).Single());
        var confirmed = await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code));
        var me = (await confirmed.Content.ReadFromJsonAsync<VisitorMe>())!;
        me.Email.Should().Be(fresh);
        me.EmailVerified.Should().BeTrue();
        me.PendingEmail.Should().BeNull();

        var told = await MailServer.WaitForAsync(visitor.Visitor.Email, 2);
        told.Should().Contain(m => m.Subject == "Alamat email akun chat Anda telah diganti" && (m.TextBody ?? string.Empty).Contains(fresh));

        // Someone else's address: the same answer, but no code is sent there and nothing changes.
        var taken = (await (await http.PutAsJsonAsync("/api/visitors/me/email", new UpdateEmailRequest(other.Visitor.Email))).Content.ReadFromJsonAsync<VisitorMe>())!;
        taken.PendingEmail.Should().BeNull();
        taken.Email.Should().Be(fresh);
        (await http.PutAsJsonAsync("/api/visitors/me/email", new UpdateEmailRequest("bukan email"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MailServer.WaitForAsync(other.Visitor.Email)).Should().OnlyContain(m => (m.Subject ?? string.Empty).StartsWith("Kode verifikasi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnglishVisitorsGetEnglishMail()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        var policy = (await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current"))!;
        var email = $"en-{Guid.NewGuid():N}@vendor.example.id";
        (await http.PostAsJsonAsync("/api/visitors?lang=en", new RegisterVisitorRequest("John Tender", email, null, null, policy.Version))).EnsureSuccessStatusCode();
        var mail = (await MailServer.WaitForAsync(email)).Single();
        mail.Subject.Should().StartWith("Your email verification code");
        mail.TextBody.Should().Contain("The code is valid for 10 minutes");
    }

    private static async Task<(string Code, string Detail)> Problem(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (problem.GetProperty("code").GetString()!, problem.GetProperty("detail").GetString()!);
    }
}
