using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Retention;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Attachments;

/// <summary>Files in the records: tickets and the offline form, disclosure exports, and retention.</summary>
public sealed class AttachmentRecordsTests
{
    [Fact]
    public async Task TheOfflineFormAndTicketEntriesCarryFilesForTheRightPeople()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var visitorHttp = cluster.Http(0, visitor.Token);

        // The offline form: the file is uploaded before the ticket exists, then goes with it.
        var form = await AttachmentApi.UploadOkAsync(visitorHttp, null, "bukti-error.png", AttachmentFiles.PngWithGps());
        var created = await visitorHttp.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Technical, "Error unggah", "Terlampir tangkapan layarnya", [form.Attachment.Id]));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var number = (await created.Content.ReadFromJsonAsync<TicketSummary>())!.Number;
        var mine = await visitorHttp.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{number}");
        mine!.Entries.Single().Attachments.Should().ContainSingle(a => a.Id == form.Attachment.Id && a.FileName == "bukti-error.png");

        // Staff who may see the ticket open it; the staff reply carries a form back; an internal note's file stays internal.
        var agent = await cluster.CreateStaffAsync();
        using var agentHttp = cluster.Http(0, agent.Token);
        using (var opened = await AttachmentApi.DownloadAsync(agentHttp, form.Attachment.Id))
        {
            opened.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var docx = AttachmentFiles.Docx();
        var reply = await AttachmentApi.UploadOkAsync(agentHttp, null, "formulir-pengaduan.docx", docx, ticket: number);
        (await agentHttp.PostAsJsonAsync($"/api/tickets/{number}/entries", new AddTicketEntryRequest("Mohon isi formulir terlampir", false, [reply.Attachment.Id]))).EnsureSuccessStatusCode();
        var note = await AttachmentApi.UploadOkAsync(agentHttp, null, "log-server.txt", AttachmentFiles.Text(), ticket: number);
        (await agentHttp.PostAsJsonAsync($"/api/tickets/{number}/entries", new AddTicketEntryRequest(string.Empty, true, [note.Attachment.Id]))).EnsureSuccessStatusCode();

        mine = await visitorHttp.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{number}");
        mine!.Entries.Should().HaveCount(2, "the internal note is not shown");
        mine.Entries[^1].Attachments.Should().ContainSingle(a => a.Id == reply.Attachment.Id);
        using (var download = await AttachmentApi.DownloadAsync(visitorHttp, reply.Attachment.Id))
        {
            (await download.Content.ReadAsByteArrayAsync()).Should().Equal(docx);
        }

        using (var internalFile = await visitorHttp.PostAsync(new Uri($"/api/attachments/{note.Attachment.Id}/link", UriKind.Relative), null))
        {
            internalFile.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        // Someone else's upload cannot ride on another visitor's form or reply.
        var other = await cluster.RegisterVisitorAsync();
        using var otherHttp = cluster.Http(0, other.Token);
        var stolen = await otherHttp.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Technical, null, "lihat", [form.Attachment.Id]));
        (await AttachmentApi.ProblemAsync(stolen)).Code.Should().Be(HubErrors.AttachmentNotFound);
        var again = await visitorHttp.PostAsJsonAsync($"/api/visitors/me/tickets/{number}/entries", new AddTicketEntryRequest("lagi", false, [form.Attachment.Id]));
        (await AttachmentApi.ProblemAsync(again)).Code.Should().Be(HubErrors.AttachmentAlreadySent);
    }

    [Fact]
    public async Task TheDisclosureArchiveCarriesTheFilesThemselves()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        var pdf = AttachmentFiles.Pdf();
        var uploaded = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "akta.pdf", pdf);
        await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "akta perusahaan", [uploaded.Attachment.Id]));
        var requester = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var approver = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var asRequester = cluster.Http(0, requester.Token);
        using var asApprover = cluster.Http(0, approver.Token);

        var recorded = await asRequester.PostAsJsonAsync($"/api/supervision/visitors/{chat.Visitor.Visitor.VisitorId}/disclosures",
            new DisclosureRequestForm("Kejaksaan Negeri Tanah Laut", "B-77/O.3.18/12/2026", "Pasal 17 UU 14/2008"));
        var request = (await recorded.Content.ReadFromJsonAsync<DisclosureView>())!;
        (await asApprover.PostAsJsonAsync($"/api/supervision/disclosures/{request.Id}/decision", new DisclosureDecision(true, null))).EnsureSuccessStatusCode();
        using var download = await asRequester.GetAsync(new Uri($"/api/supervision/disclosures/{request.Id}/archive", UriKind.Relative));

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), System.IO.Compression.ZipArchiveMode.Read);
        var entry = zip.Entries.Single(e => e.FullName == $"lampiran/{uploaded.Attachment.Id:N}-akta.pdf");
        using (var content = new MemoryStream())
        {
            await entry.Open().CopyToAsync(content);
            content.ToArray().Should().Equal(pdf);
        }

        using var list = new StreamReader(zip.GetEntry("lampiran.json")!.Open());
        (await list.ReadToEndAsync()).Should().Contain(chat.ConversationId.ToString()).And.Contain("akta.pdf");
        using var manifest = new StreamReader(zip.GetEntry("BACA-SAYA.txt")!.Open());
        (await manifest.ReadToEndAsync()).Should().Contain($"lampiran/{uploaded.Attachment.Id:N}-akta.pdf");
    }

    [Fact]
    public async Task RetentionRemovesAVisitorsFilesAndKeepsContentAnotherVisitorStillHolds()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        var old = await AttachmentApi.ChatAsync(cluster);
        var recent = await AttachmentApi.ChatAsync(cluster);
        using var oldHttp = cluster.Http(0, old.Visitor.Token);
        using var recentHttp = cluster.Http(0, recent.Visitor.Token);
        var shared = AttachmentFiles.Pdf();
        var oldPdf = await AttachmentApi.UploadOkAsync(oldHttp, old.ConversationId, "surat.pdf", shared);
        var oldPng = await AttachmentApi.UploadOkAsync(oldHttp, old.ConversationId, "ktp.png", AttachmentFiles.PngWithGps(30, 20));
        await old.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(old.ConversationId, Guid.NewGuid(), "berkas", [oldPdf.Attachment.Id, oldPng.Attachment.Id]));
        var recentPdf = await AttachmentApi.UploadOkAsync(recentHttp, recent.ConversationId, "surat.pdf", shared);
        await recent.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(recent.ConversationId, Guid.NewGuid(), "berkas", [recentPdf.Attachment.Id]));
        await old.AgentHub.InvokeAsync<CloseChatResult>("CloseChat", new CloseChatRequest(old.ConversationId, true, null));
        var database = cluster.Settings["Database:ConnectionString"]!;
        await using (var owner = new NpgsqlConnection(TestServices.OwnerFor(database)))
        {
            await owner.ExecuteAsync("""
                UPDATE visitors SET created_at = created_at - interval '25 months', email_updated_at = email_updated_at - interval '25 months' WHERE id = @v;
                UPDATE conversations SET queued_at = queued_at - interval '25 months', closed_at = closed_at - interval '25 months' WHERE visitor_id = @v;
                """, new { v = old.Visitor.Visitor.VisitorId });
        }

        var report = await cluster[0].Service<RetentionStore>().ApplyAsync(dryRun: false, CancellationToken.None);

        report.Visitors.Should().Be(1);
        report.Files.Should().Be(2);
        await using var db = new NpgsqlConnection(database);
        (await db.QuerySingleAsync<long>("SELECT count(*) FROM attachments WHERE visitor_id = @v", new { v = old.Visitor.Visitor.VisitorId })).Should().Be(0);
        (await db.QueryAsync<string?>("SELECT attachments::text FROM messages WHERE conversation_id = @c", new { c = old.ConversationId })).Should().OnlyContain(a => a == null);
        (await db.QuerySingleAsync<long>("SELECT count(*) FROM attachment_blobs WHERE sha256 = @h", new { h = SHA256.HashData(shared) })).Should().Be(1, "another visitor still holds this content");
        (await db.QuerySingleAsync<long>("SELECT count(*) FROM attachment_blobs b WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256)")).Should().Be(0, "no content outlives every file that referred to it");
        using var response = await AttachmentApi.DownloadAsync(recentHttp, recentPdf.Attachment.Id);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(shared);
    }
}
