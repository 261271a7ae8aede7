using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Operations;

/// <summary>
/// Disclosure (policy clause 5): one ZIP archive made when the request is recorded, approved by a second supervisor,
/// each step audited with the archive's SHA-256.
/// </summary>
public sealed class DisclosureAuditTests
{
    private const string Bribe = "Pak, kalau mau dijamin menang tender berapa fee untuk pokja?";

    [Fact]
    public async Task ASecondSupervisorApprovesTheArchiveWhoseHashTheAuditLogHolds()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
        var requester = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var approver = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        var visitorId = visitor.Visitor.Visitor.VisitorId;
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, "Upload dokumen gagal"))).Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);
        await agent.Hub.InvokeAsync<InternalNote>("AddNote", conversation, "Cek ukuran berkas");
        var closed = await agent.Hub.InvokeAsync<CloseChatResult>("CloseChat", new CloseChatRequest(conversation, false, "Diteruskan"));

        // A second chat, where an offered bribe is withheld (and ends the chat).
        var second = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, "Pertanyaan lain"))).Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == second);
        var withheld = await visitor.Hub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(second, Guid.NewGuid(), Bribe));
        withheld.Delivered.Should().BeFalse();
        using var asRequester = cluster.Http(token: requester.Token);
        using var asApprover = cluster.Http(token: approver.Token);
        var reference = "B/" + Guid.NewGuid().ToString("N")[..8] + "/XII/2026";

        var response = await asRequester.PostAsJsonAsync($"/api/supervision/visitors/{visitorId}/disclosures",
            new DisclosureRequestForm("Polres Tanah Laut", reference, "Pasal 17 UU 14/2008; surat perintah penyidikan"));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var request = (await response.Content.ReadFromJsonAsync<DisclosureView>())!;
        request.Status.Should().Be(DisclosureStatus.Pending);
        request.Open.Should().BeTrue();
        request.ArchiveSha256.Should().MatchRegex("^[0-9a-f]{64}$");
        (await asRequester.GetAsync($"/api/supervision/disclosures/{request.Id}/archive")).StatusCode.Should().Be(HttpStatusCode.Conflict, "not approved yet");
        (await asRequester.PostAsJsonAsync($"/api/supervision/disclosures/{request.Id}/decision", new DisclosureDecision(true, null)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "whoever recorded a request never approves it");

        var approved = await asApprover.PostAsJsonAsync($"/api/supervision/disclosures/{request.Id}/decision", new DisclosureDecision(true, "Surat asli diperiksa"));
        approved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await approved.Content.ReadFromJsonAsync<DisclosureView>())!.Status.Should().Be(DisclosureStatus.Approved);
        (await asApprover.PostAsJsonAsync($"/api/supervision/disclosures/{request.Id}/decision", new DisclosureDecision(false, null)))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "a request is decided once");

        using var download = await asRequester.GetAsync($"/api/supervision/disclosures/{request.Id}/archive");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(request.ArchiveSha256);

        await using var db = new NpgsqlConnection(TestServices.Postgres);
        var audited = (await db.QueryAsync<(string Action, Guid? Actor, string Sha256)>(
            "SELECT action, actor_id, details->>'sha256' FROM audit_log WHERE subject_id = @visitorId AND action LIKE 'disclosure.%' ORDER BY id",
            new { visitorId })).ToList();
        audited.Should().Equal(
            ("disclosure.requested", requester.Staff.Id, request.ArchiveSha256),
            ("disclosure.approved", approver.Staff.Id, request.ArchiveSha256),
            ("disclosure.downloaded", requester.Staff.Id, request.ArchiveSha256));
        (await db.QuerySingleAsync<string>(
            "SELECT details->>'legalBasis' FROM audit_log WHERE action = 'disclosure.requested' AND subject_id = @visitorId", new { visitorId }))
            .Should().Contain("UU 14/2008");

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        names.Should().Contain(["permintaan.json", "pengunjung.json", "percakapan.json", "tiket.json", "moderasi.json", "email.json", "audit.json", "BACA-SAYA.txt"]);
        names.Should().ContainSingle(n => n.StartsWith("transkrip/", StringComparison.Ordinal) && n.EndsWith($"{conversation:N}.txt", StringComparison.Ordinal));
        var secondTranscript = names.Single(n => n.StartsWith("transkrip/", StringComparison.Ordinal) && n.EndsWith($"{second:N}.txt", StringComparison.Ordinal));

        var manifest = Read(zip, "BACA-SAYA.txt");
        manifest.Should().Contain(reference).And.Contain("Polres Tanah Laut").And.Contain("UU 14/2008");
        foreach (var entry in zip.Entries.Where(e => e.FullName != "BACA-SAYA.txt"))
        {
            manifest.Should().Contain($"{Convert.ToHexStringLower(SHA256.HashData(ReadBytes(entry)))}  {entry.FullName}", "the manifest lists each file's hash");
        }

        using var chats = JsonDocument.Parse(Read(zip, "percakapan.json"));
        chats.RootElement.GetArrayLength().Should().Be(2);
        var messages = chats.RootElement.EnumerateArray().SelectMany(c => c.GetProperty("messages").EnumerateArray()).ToList();
        messages.Should().Contain(m => m.GetProperty("written").GetString() == "Upload dokumen gagal");
        var bribe = messages.Single(m => m.GetProperty("written").GetString() == Bribe);
        bribe.GetProperty("withheld").GetBoolean().Should().BeTrue();
        bribe.GetProperty("categories")[0].GetString().Should().Be("PENIPUAN");
        chats.RootElement[0].GetProperty("notes")[0].GetProperty("text").GetString().Should().Be("Cek ukuran berkas");

        Read(zip, secondTranscript).Should().Contain("[DITAHAN: PENIPUAN, pasal 1] " + Bribe);
        Read(zip, names.Single(n => n.EndsWith($"{conversation:N}.txt", StringComparison.Ordinal))).Should().Contain("Upload dokumen gagal").And.Contain("Cek ukuran berkas");
        Read(zip, "tiket.json").Should().Contain(closed.TicketNumber!);
        Read(zip, "pengunjung.json").Should().Contain(visitor.Visitor.Visitor.Email).And.Contain("policyAcceptances");
        Read(zip, "moderasi.json").Should().Contain("PENIPUAN");
        using var audit = JsonDocument.Parse(Read(zip, "audit.json"));
        var about = await db.QuerySingleAsync<long>(
            "SELECT count(*) FROM audit_log WHERE subject_id = ANY(@subjects) AND at < (SELECT at FROM audit_log WHERE action = 'disclosure.requested' AND subject_id = @visitorId)",
            new { subjects = new[] { visitorId, conversation, second }, visitorId });
        audit.RootElement.EnumerateArray().Count(e => e.GetProperty("subjectid").GetString() is { } s && (s == visitorId.ToString() || s == conversation.ToString() || s == second.ToString()))
            .Should().Be((int)about, "every audit entry about the visitor and their chats before the request is in the archive");
        audit.RootElement.EnumerateArray().Should().OnlyContain(e => e.GetProperty("hash").GetString()!.Length == 64);
    }

    [Fact]
    public async Task BadOrUnauthorisedDisclosureRequestsAreRefusedAndARejectionEndsTheHold()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync(StaffRole.Agent);
        var requester = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var approver = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        var visitorId = visitor.Visitor.Visitor.VisitorId;
        using var asRequester = cluster.Http(token: requester.Token);
        var form = new DisclosureRequestForm("Kejaksaan Negeri Tanah Laut", "B-77/O.3.18/2026", "KUHAP pasal 43");

        (await asRequester.PostAsJsonAsync($"/api/supervision/visitors/{visitorId}/disclosures", form with { LegalBasis = "  " }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "the legal basis is required");
        (await asRequester.PostAsJsonAsync($"/api/supervision/visitors/{visitorId}/disclosures", form with { Reference = new string('x', 301) }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await asRequester.PostAsJsonAsync($"/api/supervision/visitors/{Guid.NewGuid()}/disclosures", form)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using (var asAgent = cluster.Http(token: agent.Token))
        {
            (await asAgent.PostAsJsonAsync($"/api/supervision/visitors/{visitorId}/disclosures", form)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await asAgent.GetAsync("/api/supervision/disclosures")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var anonymous = cluster.Http())
        {
            (await anonymous.GetAsync($"/api/supervision/disclosures/{Guid.NewGuid()}/archive")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var request = (await (await asRequester.PostAsJsonAsync($"/api/supervision/visitors/{visitorId}/disclosures", form)).Content.ReadFromJsonAsync<DisclosureView>())!;
        (await asRequester.GetFromJsonAsync<List<DisclosureView>>($"/api/supervision/disclosures?visitor={visitorId}&open=true"))
            .Should().ContainSingle(d => d.Id == request.Id && d.Open);

        using var asApprover = cluster.Http(token: approver.Token);
        var rejected = await (await asApprover.PostAsJsonAsync($"/api/supervision/disclosures/{request.Id}/decision", new DisclosureDecision(false, "Tanpa surat asli"))).Content.ReadFromJsonAsync<DisclosureView>();
        rejected!.Status.Should().Be(DisclosureStatus.Rejected);
        rejected.Open.Should().BeFalse("a rejected request holds nothing against retention");
        rejected.DecisionNote.Should().Be("Tanpa surat asli");
        (await asRequester.GetAsync($"/api/supervision/disclosures/{request.Id}/archive")).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task WithoutSecondApprovalConfiguredTheArchiveCanBeTakenAtOnce()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Disclosure:RequireSecondApproval"] = "false");
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        using var http = cluster.Http(token: supervisor.Token);

        var request = (await (await http.PostAsJsonAsync($"/api/supervision/visitors/{visitor.Visitor.Visitor.VisitorId}/disclosures",
            new DisclosureRequestForm("Polres Tanah Laut", "LP/B/9/XII/2026", "KUHAP pasal 43"))).Content.ReadFromJsonAsync<DisclosureView>())!;

        request.Status.Should().Be(DisclosureStatus.Approved);
        using var download = await http.GetAsync($"/api/supervision/disclosures/{request.Id}/archive");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())).Should().Be(request.ArchiveSha256);
    }

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip.GetEntry(name)!));

    private static byte[] ReadBytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
