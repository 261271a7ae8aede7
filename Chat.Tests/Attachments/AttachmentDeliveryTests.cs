using System.Net;
using System.Net.Http.Json;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using SixLabors.ImageSharp;

namespace Chat.Tests.Attachments;

/// <summary>Files sent with messages and opened through short-lived links, by the people who may open them only.</summary>
public sealed class AttachmentDeliveryTests
{
    [Fact]
    public async Task AVisitorsPhotoReachesTheAgentWithoutItsGpsLocation()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var chat = await AttachmentApi.ChatAsync(cluster, agentInstance: 1, visitorInstance: 0);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        var original = AttachmentFiles.PngWithGps(120, 80);
        AttachmentFiles.CarriesExif(original).Should().BeTrue("the sample carries GPS EXIF");
        Image.Identify(original).Metadata.ExifProfile.Should().NotBeNull();

        var uploaded = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "layar-error.png", original);
        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage",
            new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Ini tangkapan layarnya", [uploaded.Attachment.Id]));

        sent.Delivered.Should().BeTrue();
        var atAgent = await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        var attachment = atAgent.Attachments.Should().ContainSingle().Subject;
        attachment.Should().BeEquivalentTo(new AttachmentInfo(uploaded.Attachment.Id, "layar-error.png", "image/png", uploaded.Attachment.Size, true, 120, 80));

        using var agentHttp = cluster.Http(1, chat.Agent.Token);
        using var response = await AttachmentApi.DownloadAsync(agentHttp, attachment.Id);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("inline");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("sandbox").And.Contain("default-src 'none'");
        var served = await response.Content.ReadAsByteArrayAsync();
        AttachmentFiles.CarriesExif(served).Should().BeFalse();
        var decoded = Image.Identify(served);
        decoded.Metadata.ExifProfile.Should().BeNull();
        (decoded.Width, decoded.Height).Should().Be((120, 80));

        // Staff opening a visitor's file is on the record.
        var audit = await cluster[0].Service<AuditLog>().SearchAsync(new AuditQuery(chat.Agent.Staff.Id, null, "attachment.downloaded", chat.Visitor.Visitor.VisitorId, null, null, null, 10), CancellationToken.None);
        audit.Should().ContainSingle();

        // History replays the attachment with the message.
        var history = await chat.VisitorHub.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMessagesAfter", chat.ConversationId, 0L);
        history.Single(m => m.Sequence == sent.Message.Sequence).Attachments.Should().ContainSingle(a => a.Id == uploaded.Attachment.Id);
    }

    [Fact]
    public async Task DocumentsAreServedAsDownloadsNeverInline()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var agentHttp = cluster.Http(0, chat.Agent.Token);
        var guide = await AttachmentApi.UploadOkAsync(agentHttp, chat.ConversationId, "Panduan Unggah Penawaran.pdf", AttachmentFiles.Pdf());
        var sent = await chat.AgentHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), string.Empty, [guide.Attachment.Id]));
        var atVisitor = await chat.VisitorEvents.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atVisitor.Text.Should().BeEmpty();

        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        using var response = await AttachmentApi.DownloadAsync(visitorHttp, atVisitor.Attachments!.Single().Id);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be("Panduan Unggah Penawaran.pdf");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(AttachmentFiles.Pdf());
    }

    [Fact]
    public async Task LinksOpenOnlyForTheirViewerAndOnlyForPeopleOfTheConversation()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        var uploaded = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "ktp.jpg", AttachmentFiles.JpegWithGps());

        // Not sent yet: only its uploader sees it, not even the chat's agent.
        using var agentHttp = cluster.Http(0, chat.Agent.Token);
        using (var early = await agentHttp.PostAsync(new Uri($"/api/attachments/{uploaded.Attachment.Id}/link", UriKind.Relative), null))
        {
            early.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "KTP saya", [uploaded.Attachment.Id]));
        var link = await AttachmentApi.LinkAsync(visitorHttp, uploaded.Attachment.Id);

        // Another visitor with the link, or asking for their own: nothing.
        var other = await cluster.RegisterVisitorAsync();
        using var otherHttp = cluster.Http(0, other.Token);
        using (var stolen = await otherHttp.GetAsync(new Uri(link.Url, UriKind.Relative)))
        {
            var problem = await AttachmentApi.ProblemAsync(stolen);
            problem.Status.Should().Be(HttpStatusCode.Forbidden);
            problem.Code.Should().Be(HubErrors.AttachmentLinkInvalid);
        }

        using (var own = await otherHttp.PostAsync(new Uri($"/api/attachments/{uploaded.Attachment.Id}/link", UriKind.Relative), null))
        {
            own.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        // Without signing in, the link opens nothing either.
        using (var anonymous = cluster.Http(0))
        using (var bare = await anonymous.GetAsync(new Uri(link.Url, UriKind.Relative)))
        {
            bare.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        // A tampered link is refused.
        using (var tampered = await visitorHttp.GetAsync(new Uri(link.Url[..^4] + "AAAA", UriKind.Relative)))
        {
            tampered.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        // An agent of another chat may not; a supervisor may, and is audited.
        var otherAgent = await cluster.CreateStaffAsync();
        using var otherAgentHttp = cluster.Http(0, otherAgent.Token);
        using (var refused = await otherAgentHttp.PostAsync(new Uri($"/api/attachments/{uploaded.Attachment.Id}/link", UriKind.Relative), null))
        {
            (await AttachmentApi.ProblemAsync(refused)).Code.Should().Be(HubErrors.NotYourConversation);
        }

        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        using (var allowed = await AttachmentApi.DownloadAsync(supervisorHttp, uploaded.Attachment.Id))
        {
            allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var audit = await cluster[0].Service<AuditLog>().SearchAsync(new AuditQuery(supervisor.Staff.Id, null, "attachment.downloaded", chat.Visitor.Visitor.VisitorId, null, null, null, 10), CancellationToken.None);
        audit.Should().ContainSingle();
        using (var mine = await AttachmentApi.DownloadAsync(visitorHttp, uploaded.Attachment.Id))
        {
            mine.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task MessagesRefuseForeignUsedAndTooManyAttachments()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Attachments:MaxFilesPerMessage"] = "2");
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        var a = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "a.txt", "a"u8.ToArray());
        var b = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "b.txt", "b"u8.ToArray());
        var c = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "c.txt", "c"u8.ToArray());

        var (tooMany, tooManyText) = await chat.VisitorHub.RefusedAsync("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "tiga", [a.Attachment.Id, b.Attachment.Id, c.Attachment.Id]));
        tooMany.Should().Be(HubErrors.AttachmentTooMany);
        tooManyText.Should().Contain("2 berkas");

        // The agent cannot send the visitor's upload as their own.
        var (foreign, _) = await chat.AgentHub.RefusedAsync("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "ini", [a.Attachment.Id]));
        foreign.Should().Be(HubErrors.AttachmentNotFound);

        var (missing, _) = await chat.VisitorHub.RefusedAsync("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "x", [Guid.NewGuid()]));
        missing.Should().Be(HubErrors.AttachmentNotFound);

        var first = await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "dua", [a.Attachment.Id, b.Attachment.Id]));
        first.Message.Attachments.Should().HaveCount(2);
        var (again, _) = await chat.VisitorHub.RefusedAsync("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "lagi", [a.Attachment.Id]));
        again.Should().Be(HubErrors.AttachmentAlreadySent);

        // A retry of the same message is the same message, with its files.
        var retry = await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, first.Message.ClientMessageId!.Value, "dua", [a.Attachment.Id, b.Attachment.Id]));
        retry.Duplicate.Should().BeTrue();
        retry.Message.Attachments.Should().HaveCount(2);

        // A file uploaded to another conversation cannot travel into this one.
        var elsewhere = await AttachmentApi.ChatAsync(cluster);
        using var elsewhereHttp = cluster.Http(0, elsewhere.Visitor.Token);
        var theirs = await AttachmentApi.UploadOkAsync(elsewhereHttp, elsewhere.ConversationId, "d.txt", "d"u8.ToArray());
        (await chat.VisitorHub.RefusedAsync("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "x", [theirs.Attachment.Id]))).Code.Should().Be(HubErrors.AttachmentNotFound);
    }

    [Fact]
    public async Task TheFilesystemStoreServesWhatItStored()
    {
        var folder = Directory.CreateTempSubdirectory("chat-attachments-");
        try
        {
            await using var cluster = await ChatCluster.StartAsync(configure: s =>
            {
                s["Attachments:Store"] = "filesystem";
                s["Attachments:FileSystemPath"] = folder.FullName;
            });
            var chat = await AttachmentApi.ChatAsync(cluster);
            using var agentHttp = cluster.Http(0, chat.Agent.Token);
            var xlsx = AttachmentFiles.Xlsx();
            var uploaded = await AttachmentApi.UploadOkAsync(agentHttp, chat.ConversationId, "rincian.xlsx", xlsx);
            await chat.AgentHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Silakan isi", [uploaded.Attachment.Id]));

            Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories).Should().ContainSingle();
            using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
            using var response = await AttachmentApi.DownloadAsync(visitorHttp, uploaded.Attachment.Id);
            (await response.Content.ReadAsByteArrayAsync()).Should().Equal(xlsx);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LimitsAreReadableBySignedInClients()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var http = cluster.Http(0, visitor.Token);
        var limits = await http.GetFromJsonAsync<AttachmentLimits>("/api/attachments/limits");
        limits!.AllowedTypes.Should().Equal("png", "jpeg", "webp", "pdf", "docx", "xlsx", "zip", "txt", "csv");
        limits.MaxFileBytes.Should().Be(10L * 1024 * 1024);
        limits.MaxFilesPerMessage.Should().Be(5);
    }
}
