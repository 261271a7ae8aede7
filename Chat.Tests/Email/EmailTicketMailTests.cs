using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using MimeKit;
using MimeKit.Utils;
using Npgsql;

namespace Chat.Tests.Email;

/// <summary>Tickets by email both ways, against the real mail server: mail out on ticket events, replies and new mail read back over IMAP.</summary>
public sealed class EmailTicketMailTests
{
    internal static Task<ChatCluster> StartAsync(Action<Dictionary<string, string?>>? configure = null) => ChatCluster.StartAsync(configure: s =>
    {
        s["Email:Imap:Host"] = "127.0.0.1";
        s["Email:Imap:Port"] = TestServices.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        s["Email:Imap:Security"] = "None";
        s["Email:Imap:Username"] = "helpdesk";
        s["Email:Imap:Password"] = TestServices.MailPassword;
        s["Email:ImapPollInterval"] = "00:00:01";
        configure?.Invoke(s);
    });

    [Fact]
    public async Task TicketEventsAreMailedAndAReplyByEmailJoinsTheTicketOnceWithoutTheQuotedHistory()
    {
        await using var cluster = await StartAsync();
        var visitor = await VerifiedVisitorAsync(cluster);
        var agent = await cluster.CreateStaffAsync();
        using var own = cluster.Http(0, visitor.Token);
        using var staff = cluster.Http(0, agent.Token);

        var created = (await (await own.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Technical, "Gagal unggah penawaran", "Dokumen penawaran gagal diunggah di SPSE."))).Content.ReadFromJsonAsync<TicketSummary>())!;
        var first = (await MailServer.WaitForAsync(visitor.Visitor.Email, 2)).Single(m => m.Subject == $"[{created.Number}] Tiket dibuat: Gagal unggah penawaran");
        var replyTo = first.ReplyTo.Mailboxes.Single().Address;
        replyTo.Should().MatchRegex($"^helpdesk-{cluster.Prefix}\\+[0-9a-f]{{32}}@lpse.test$");
        first.TextBody.Should().StartWith("##- Balas di atas baris ini -##");

        (await staff.PostAsJsonAsync($"/api/tickets/{created.Number}/entries", new AddTicketEntryRequest("Catatan internal: cek log server.", true))).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/tickets/{created.Number}/entries", new AddTicketEntryRequest("Silakan coba unggah ulang dengan Chrome terbaru.", false))).EnsureSuccessStatusCode();
        (await staff.PatchAsJsonAsync($"/api/tickets/{created.Number}", new UpdateTicketRequest(TicketStatus.Pending, null, null))).EnsureSuccessStatusCode();
        var mails = await MailServer.WaitForAsync(visitor.Visitor.Email, 4);
        var reply = mails.Single(m => m.Subject == $"[{created.Number}] Balasan dari helpdesk: Gagal unggah penawaran");
        reply.TextBody.Should().Contain("Silakan coba unggah ulang dengan Chrome terbaru.");
        reply.InReplyTo.Should().Be(first.MessageId, "ticket mail keeps one thread");
        mails.Should().ContainSingle(m => m.Subject == $"[{created.Number}] Status tiket: menunggu tanggapan Anda");
        mails.Should().NotContain(m => (m.TextBody ?? string.Empty).Contains("Catatan internal"), "internal entries never leave");

        // The visitor answers from their mail program, quoting the helpdesk's mail below a signature.
        var answer = Mail(visitor.Visitor.Email, replyTo, "Re: " + reply.Subject,
            "Sudah saya coba, masih gagal di langkah enkripsi.\n\nSalam\n-- \nBudi, CV Maju Jaya\n\nPada 1 Des 2026 pukul 10.00, HELPDESK menulis:\n> Silakan coba unggah ulang\n");
        answer.InReplyTo = reply.MessageId;
        await MailServer.SendAsync(answer);
        await MailServer.SendAsync(answer);
        var detail = await Wait.UntilAsync(() => staff.GetFromJsonAsync<TicketDetail>($"/api/tickets/{created.Number}")!,
            d => d!.Entries.Any(e => e.Text.StartsWith("Sudah saya coba", StringComparison.Ordinal)), "the emailed reply in the ticket", TimeSpan.FromSeconds(60));
        var entry = detail!.Entries.Single(e => e.Text.StartsWith("Sudah saya coba", StringComparison.Ordinal));
        entry.Text.Should().Be("Sudah saya coba, masih gagal di langkah enkripsi.\n\nSalam");
        entry.Author.Should().Be(SenderRole.Visitor);
        detail.Ticket.Status.Should().Be(TicketStatus.Open, "the visitor's answer gives the helpdesk the next move");

        // A later mail is read after the duplicate: by then the duplicate was seen and counted once.
        var later = Mail(visitor.Visitor.Email, replyTo, "Re: " + reply.Subject, "Tambahan: saya pakai Windows 10.");
        await MailServer.SendAsync(later);
        detail = await Wait.UntilAsync(() => staff.GetFromJsonAsync<TicketDetail>($"/api/tickets/{created.Number}")!,
            d => d!.Entries.Any(e => e.Text == "Tambahan: saya pakai Windows 10."), "the later mail", TimeSpan.FromSeconds(60));
        detail!.Entries.Count(e => e.Text.StartsWith("Sudah saya coba", StringComparison.Ordinal)).Should().Be(1, "the same mail fetched twice is added once");
        (await OutcomeAsync(answer.MessageId)).Should().Be("appended");
    }

    [Fact]
    public async Task NewMailFromAVerifiedVisitorOpensATicketAndStrangersAutoRepliesAndForgedRepliesGetNoTicket()
    {
        await using var cluster = await StartAsync(s => s["Email:MaxInboundBytes"] = "20000");
        var helpdesk = $"helpdesk-{cluster.Prefix}@lpse.test";
        var visitor = await VerifiedVisitorAsync(cluster);
        var other = await VerifiedVisitorAsync(cluster);

        // Email to ticket: HTML only, converted to text; the script and the quoted block never reach the ticket.
        var html = new MimeMessage();
        html.From.Add(MailboxAddress.Parse(visitor.Visitor.Email));
        html.To.Add(MailboxAddress.Parse(helpdesk));
        html.Subject = "Akun terkunci";
        html.MessageId = MimeUtils.GenerateMessageId("penyedia.example.id");
        html.Body = new TextPart("html") { Text = "<p>Akun SPSE saya <b>terkunci</b> sejak pagi.</p><script>alert(1)</script><blockquote>kutipan lama</blockquote>" };
        await MailServer.SendAsync(html);
        (await WaitOutcomeAsync(html.MessageId)).Should().Be("ticket_opened");
        using var own = cluster.Http(0, visitor.Token);
        var ticket = (await own.GetFromJsonAsync<TicketSummary[]>("/api/visitors/me/tickets"))!.Single();
        ticket.Source.Should().Be(TicketSource.Email);
        ticket.Subject.Should().Be("Akun terkunci");
        var opened = (await own.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{ticket.Number}"))!;
        opened.Entries.Single().Text.Should().Be("Akun SPSE saya terkunci sejak pagi.");
        var ticketMail = (await MailServer.WaitForAsync(visitor.Visitor.Email, 2)).Single(m => (m.Subject ?? string.Empty).StartsWith($"[{ticket.Number}]", StringComparison.Ordinal));
        var replyTo = ticketMail.ReplyTo.Mailboxes.Single().Address;

        // Another visitor replying with this ticket's token: refused, nothing added, nobody answered.
        var forged = Mail(other.Visitor.Email, replyTo, "Re: Akun terkunci", "Tolong tutup tiket ini.");
        await MailServer.SendAsync(forged);
        (await WaitOutcomeAsync(forged.MessageId)).Should().Be("sender_mismatch");
        (await own.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{ticket.Number}"))!.Entries.Should().ContainSingle();

        // A stranger is asked, once a day, to use the widget; their auto-reply and a bounce are never answered.
        var stranger = $"orang-{Guid.NewGuid():N}@luar.example.id";
        var hello = Mail(stranger, helpdesk, "Tanya jadwal", "Kapan jadwal pelatihan?");
        await MailServer.SendAsync(hello);
        (await WaitOutcomeAsync(hello.MessageId)).Should().Be("unknown_sender");
        var answer = (await MailServer.WaitForAsync(stranger)).Single();
        answer.Subject.Should().Be("Gunakan jendela chat HELPDESK LPSE Tanah Laut");
        answer.Headers["Auto-Submitted"].Should().Be("auto-replied");
        var again = Mail(stranger, helpdesk, "Tanya lagi", "Halo?");
        await MailServer.SendAsync(again);
        (await WaitOutcomeAsync(again.MessageId)).Should().Be("unknown_sender_quiet");

        var autoReply = Mail($"cuti-{Guid.NewGuid():N}@luar.example.id", helpdesk, "Out of office", "Saya sedang cuti.");
        autoReply.Headers.Add("Auto-Submitted", "auto-replied");
        await MailServer.SendAsync(autoReply);
        (await WaitOutcomeAsync(autoReply.MessageId)).Should().Be("automatic");
        var bounce = Mail($"mailer-daemon@luar.example.id", helpdesk, "Undelivered Mail Returned to Sender", "Delivery failed.");
        await MailServer.SendAsync(bounce);
        (await WaitOutcomeAsync(bounce.MessageId)).Should().Be("automatic");

        // Over the size limit: not read, the known sender is told.
        var big = Mail(other.Visitor.Email, helpdesk, "Lampiran besar", new string('x', 40_000));
        await MailServer.SendAsync(big);
        (await WaitOutcomeAsync(big.MessageId)).Should().Be("too_large");
        (await MailServer.WaitForAsync(other.Visitor.Email, 2)).Should().Contain(m => m.Subject == "Balasan Anda belum dapat diterima");

        (await MailServer.InboxAsync($"cuti-x@luar.example.id")).Should().BeEmpty();
        (await MailServer.WaitForAsync(stranger)).Should().ContainSingle("one answer to a stranger, no loop");

        // Supervisors see the mailbox reachable and what became of each mail.
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var sup = cluster.Http(0, supervisor.Token);
        var status = (await sup.GetFromJsonAsync<EmailStatus>("/api/supervision/email"))!;
        status.Mailboxes.Should().Contain(m => m.Address == helpdesk && m.Failures == 0 && m.LastOkAt != null);
        status.Recent.Should().Contain(m => m.Outcome == "sender_mismatch");
    }

    [Fact]
    public async Task AnUnreachableMailboxIsRetriedAndShownToSupervisors()
    {
        await using var cluster = await StartAsync(s =>
        {
            s["Email:Imap:Port"] = "1";
            s["Email:ImapRetryFirst"] = "00:00:00.200";
        });
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var sup = cluster.Http(0, supervisor.Token);
        var status = await Wait.UntilAsync(() => sup.GetFromJsonAsync<EmailStatus>("/api/supervision/email")!,
            s => s!.Mailboxes.Any(m => m.Address == $"helpdesk-{cluster.Prefix}@lpse.test" && m.Failures >= 2), "failures counted");
        status!.Mailboxes.Single(m => m.Address == $"helpdesk-{cluster.Prefix}@lpse.test").LastError.Should().NotBeNullOrEmpty();
    }

    internal static MimeMessage Mail(string from, string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeUtils.GenerateMessageId("penyedia.example.id");
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    internal static async Task<VisitorSession> VerifiedVisitorAsync(ChatCluster cluster)
    {
        var visitor = await cluster.RegisterVisitorAsync();
        var code = MailServer.CodeIn((await MailServer.WaitForAsync(visitor.Visitor.Email)).Single());
        using var http = cluster.Http(0, visitor.Token);
        (await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code))).EnsureSuccessStatusCode();
        return visitor;
    }

    private static async Task<string?> OutcomeAsync(string? messageId)
    {
        await using var connection = new NpgsqlConnection(TestServices.Postgres);
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT outcome FROM inbound_mail WHERE message_id = @messageId", new { messageId });
    }

    internal static Task<string?> WaitOutcomeAsync(string? messageId) =>
        Wait.UntilAsync(() => OutcomeAsync(messageId), o => o is not null and not "processing", $"outcome of {messageId}", TimeSpan.FromSeconds(60));
}
