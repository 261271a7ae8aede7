using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Email;
using Chat.Tests.Infrastructure;
using MimeKit;
using SixLabors.ImageSharp;

namespace Chat.Tests.Attachments;

/// <summary>
/// Visitors answer tickets by email: files in their mail go through the same checks as uploads in the chat and are
/// bound to the ticket entry; refused files are named back to the visitor. Real mail server, IMAP, Kestrel, PostgreSQL.
/// </summary>
public sealed class AttachmentEmailTests
{
    [Fact]
    public async Task FilesInAnEmailedTicketReplyAreCheckedReencodedAndBoundToTheEntryAndRefusedOnesAreNamedBack()
    {
        await using var cluster = await EmailTicketMailTests.StartAsync();
        var visitor = await EmailTicketMailTests.VerifiedVisitorAsync(cluster);
        using var own = cluster.Http(0, visitor.Token);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var staff = cluster.Http(0, supervisor.Token);
        var created = (await (await own.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Technical, "Gagal enkripsi", "Dokumen penawaran gagal dienkripsi."))).Content.ReadFromJsonAsync<TicketSummary>())!;
        var first = (await MailServer.WaitForAsync(visitor.Visitor.Email, 2)).Single(m => (m.Subject ?? string.Empty).StartsWith($"[{created.Number}] Tiket dibuat", StringComparison.Ordinal));
        var replyTo = first.ReplyTo.Mailboxes.Single().Address;

        // A phone photo with GPS attached, a screenshot pasted into the mail (no file name), an executable named .pdf and a PDF named .png.
        var answer = EmailTicketMailTests.Mail(visitor.Visitor.Email, replyTo, "Re: " + first.Subject, string.Empty);
        answer.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Ini foto layarnya, Pak.\n" },
            Part("image/jpeg", "foto-hp.jpg", AttachmentFiles.JpegWithGps(320, 240), ContentDisposition.Attachment),
            Part("image/png", null, AttachmentFiles.PngWithGps(200, 100), ContentDisposition.Inline),
            Part("application/pdf", "surat.pdf", AttachmentFiles.Executable(), ContentDisposition.Attachment),
            Part("image/png", "daftar.png", AttachmentFiles.Pdf(), ContentDisposition.Attachment),
        };
        await MailServer.SendAsync(answer);
        (await EmailTicketMailTests.WaitOutcomeAsync(answer.MessageId)).Should().Be("appended");

        var detail = (await staff.GetFromJsonAsync<TicketDetail>($"/api/tickets/{created.Number}"))!;
        var entry = detail.Entries.Single(e => e.Text == "Ini foto layarnya, Pak.");
        entry.Author.Should().Be(SenderRole.Visitor);
        entry.Attachments!.Select(a => a.FileName).Should().Equal("foto-hp.jpg", "lampiran-email.png");
        var photo = entry.Attachments![0];
        photo.Should().Match<AttachmentInfo>(a => a.ContentType == "image/jpeg" && a.Image && a.Width == 320 && a.Height == 240);

        // Re-encoded like any upload: the served photo has no EXIF (no GPS position).
        using (var served = await AttachmentApi.DownloadAsync(staff, photo.Id))
        {
            var bytes = await served.Content.ReadAsByteArrayAsync();
            AttachmentFiles.CarriesExif(bytes).Should().BeFalse();
            Image.Identify(bytes).Metadata.ExifProfile.Should().BeNull();
        }

        // The visitor hears which files were not kept and why, in Indonesian.
        var notice = (await MailServer.WaitForAsync(visitor.Visitor.Email, 3)).Single(m => m.Subject == $"[{created.Number}] Sebagian lampiran Anda tidak diterima");
        notice.TextBody.Should().Contain("- surat.pdf: Berkas \"surat.pdf\" tidak dapat diterima").And.Contain("Jenis yang diterima: PNG, JPEG, WEBP, PDF");
        notice.TextBody.Should().Contain("- daftar.png: Isi berkas \"daftar.png\" adalah PDF");

        // A mail of nothing but a refused file adds nothing to the ticket, and is answered the same way.
        var onlyBad = EmailTicketMailTests.Mail(visitor.Visitor.Email, replyTo, "Re: " + first.Subject, string.Empty);
        onlyBad.Body = new Multipart("mixed") { Part("image/png", "program.png", AttachmentFiles.Executable(), ContentDisposition.Attachment) };
        await MailServer.SendAsync(onlyBad);
        (await EmailTicketMailTests.WaitOutcomeAsync(onlyBad.MessageId)).Should().Be("files_refused");
        (await staff.GetFromJsonAsync<TicketDetail>($"/api/tickets/{created.Number}"))!.Entries.Should().HaveCount(detail.Entries.Count);
        (await MailServer.WaitForAsync(visitor.Visitor.Email, 4)).Where(m => m.Subject == $"[{created.Number}] Sebagian lampiran Anda tidak diterima")
            .Should().Contain(m => (m.TextBody ?? string.Empty).Contains("program.png", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFilesOfAStaffReplyTravelWithItsMailAndAnInternalNotesNever()
    {
        await using var cluster = await EmailTicketMailTests.StartAsync();
        var visitor = await EmailTicketMailTests.VerifiedVisitorAsync(cluster);
        using var own = cluster.Http(0, visitor.Token);
        var agent = await cluster.CreateStaffAsync(topics: [Topics.Technical]);
        using var staff = cluster.Http(0, agent.Token);
        var created = (await (await own.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Technical, "Format surat", "Contoh surat penawaran yang benar?"))).Content.ReadFromJsonAsync<TicketSummary>())!;

        var secret = await AttachmentApi.UploadOkAsync(staff, null, "catatan-internal.txt", AttachmentFiles.Text(), ticket: created.Number);
        (await staff.PostAsJsonAsync($"/api/tickets/{created.Number}/entries", new AddTicketEntryRequest("Cek dulu log server.", true, [secret.Attachment.Id]))).EnsureSuccessStatusCode();
        var guide = await AttachmentApi.UploadOkAsync(staff, null, "Contoh Surat Penawaran.pdf", AttachmentFiles.Pdf(), ticket: created.Number);
        (await staff.PostAsJsonAsync($"/api/tickets/{created.Number}/entries", new AddTicketEntryRequest("Berikut contohnya.", false, [guide.Attachment.Id]))).EnsureSuccessStatusCode();

        var reply = (await MailServer.WaitForAsync(visitor.Visitor.Email, 3)).Single(m => (m.Subject ?? string.Empty).StartsWith($"[{created.Number}] Balasan dari helpdesk", StringComparison.Ordinal));
        reply.TextBody.Should().Contain("Berikut contohnya.");
        var attached = reply.Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        attached.FileName.Should().Be("Contoh Surat Penawaran.pdf");
        attached.ContentType.MimeType.Should().Be("application/pdf");
        using var content = new MemoryStream();
        await attached.Content!.DecodeToAsync(content);
        content.ToArray().Should().Equal(AttachmentFiles.Pdf());
        (await MailServer.InboxAsync(visitor.Visitor.Email)).SelectMany(m => m.Attachments.OfType<MimePart>()).Should().NotContain(p => p.FileName == "catatan-internal.txt");
    }

    private static MimePart Part(string type, string? name, byte[] content, string disposition) => new(ContentType.Parse(type))
    {
        Content = new MimeContent(new MemoryStream(content)),
        ContentDisposition = new ContentDisposition(disposition),
        ContentTransferEncoding = ContentEncoding.Base64,
        FileName = name,
    };
}
