using System.Net;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Attachments;

/// <summary>Types by content, names that must agree, size, emptiness, bombs and the daily quota, over real HTTP.</summary>
public sealed class AttachmentTypeAndLimitTests
{
    private const string Allowed = "PNG, JPEG, WEBP, PDF, DOCX, XLSX, ZIP, TXT, CSV";

    public static TheoryData<string, string, string> AcceptedFiles() => new()
    {
        { "png", "layar-error.png", "image/png" },
        { "jpeg", "foto.jpg", "image/jpeg" },
        { "webp", "tangkapan.webp", "image/webp" },
        { "pdf", "surat-penawaran.pdf", "application/pdf" },
        { "docx", "pakta-integritas.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "xlsx", "rincian-hps.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "zip", "dokumen-kualifikasi.zip", "application/zip" },
        { "txt", "log.txt", "text/plain; charset=utf-8" },
        { "csv", "daftar-paket.csv", "text/csv; charset=utf-8" },
    };

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public async Task EachAllowedTypeIsRecognisedByItsContent(string kind, string name, string contentType)
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);

        var uploaded = await AttachmentApi.UploadOkAsync(http, chat.ConversationId, name, Sample(kind));

        uploaded.Duplicate.Should().BeFalse();
        uploaded.Attachment.FileName.Should().Be(name);
        uploaded.Attachment.ContentType.Should().Be(contentType);
        uploaded.Attachment.Image.Should().Be(kind is "png" or "jpeg" or "webp");
    }

    [Fact]
    public async Task WrongTypesAndNamesThatLieAboutTheirContentAreRefusedWithTheAllowedTypesAndLimit()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);

        var exe = await Refused(http, chat.ConversationId, "bukan-virus.png", AttachmentFiles.Executable());
        exe.Status.Should().Be(HttpStatusCode.BadRequest);
        exe.Code.Should().Be(HubErrors.AttachmentTypeNotAllowed);
        exe.Detail.Should().Contain("bukan-virus.png").And.Contain("Jenis yang diterima: " + Allowed).And.Contain("10 MB");

        var pdfAsImage = await Refused(http, chat.ConversationId, "foto-ktp.png", AttachmentFiles.Pdf());
        pdfAsImage.Code.Should().Be(HubErrors.AttachmentNameMismatch);
        pdfAsImage.Detail.Should().Contain("PDF").And.Contain(".PNG").And.Contain(Allowed);

        var docm = await Refused(http, chat.ConversationId, "formulir.docx", AttachmentFiles.Docm());
        docm.Code.Should().Be(HubErrors.AttachmentNameMismatch, "a macro-enabled document is only a ZIP by content");

        var textAsPdf = await Refused(http, chat.ConversationId, "kontrak.pdf", AttachmentFiles.Text());
        textAsPdf.Code.Should().Be(HubErrors.AttachmentNameMismatch);

        (await Refused(http, chat.ConversationId, "layar.png", AttachmentFiles.TruncatedPng())).Code.Should().Be(HubErrors.AttachmentCorrupt);
        (await Refused(http, chat.ConversationId, "arsip.zip", AttachmentFiles.ZipBombFirstBytes())).Code.Should().Be(HubErrors.AttachmentCorrupt);
        var bomb = await Refused(http, chat.ConversationId, "arsip.zip", AttachmentFiles.ZipBomb());
        bomb.Code.Should().Be(HubErrors.AttachmentCorrupt);
        bomb.Detail.Should().Contain("mengembang");

        var pixels = await Refused(http, chat.ConversationId, "raksasa.png", AttachmentFiles.PngBomb());
        pixels.Code.Should().Be(HubErrors.AttachmentTooLarge);
        pixels.Detail.Should().Contain("30000×30000");

        var empty = await Refused(http, chat.ConversationId, "kosong.pdf", []);
        empty.Code.Should().Be(HubErrors.AttachmentEmpty);

        (await StoredFor(cluster, chat.Visitor.Visitor.VisitorId)).Should().Be(0, "nothing refused is stored");
    }

    [Fact]
    public async Task EnglishVisitorsReadTheRefusalInEnglish()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);
        using var response = await http.PostAsync(
            new Uri($"/api/attachments?conversationId={chat.ConversationId}&name=a.png&lang=en", UriKind.Relative), new ByteArrayContent(AttachmentFiles.Executable()));
        (await AttachmentApi.ProblemAsync(response)).Detail.Should().Contain("Allowed types: " + Allowed).And.Contain("10 MB");
    }

    [Fact]
    public async Task AnOversizeUploadIsRefusedFromItsDeclaredLengthWithoutReadingTheBody()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);

        // A generous wait for the go-ahead (the default 1 s runs out on a busy machine, and the body then goes anyway).
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { BaseAddress = cluster[0].BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", chat.Visitor.Token);
        var body = new CountingContent(200L * 1024 * 1024);

        // With "Expect: 100-continue" the client waits for the server's go-ahead, which a refusal never gives.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/attachments?conversationId={chat.ConversationId}&name=rekaman.zip", UriKind.Relative)) { Content = body };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);

        var problem = await AttachmentApi.ProblemAsync(response);
        problem.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        problem.Code.Should().Be(HubErrors.AttachmentTooLarge);
        problem.Detail.Should().Contain("200 MB").And.Contain("10 MB");
        body.Sent.Should().Be(0, "the server answers from the header, before a byte of the body");
    }

    [Fact]
    public async Task AnOversizeUploadWithoutALengthStopsAtTheLimit()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Attachments:MaxFileBytes"] = "1048576");
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);
        var body = new CountingContent(3L * 1024 * 1024, chunked: true);

        using var response = await http.PostAsync(new Uri($"/api/attachments?conversationId={chat.ConversationId}&name=data.csv", UriKind.Relative), body);

        var problem = await AttachmentApi.ProblemAsync(response);
        problem.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        problem.Detail.Should().Contain("1 MB");
        (await StoredFor(cluster, chat.Visitor.Visitor.VisitorId)).Should().Be(0);
    }

    [Fact]
    public async Task TheDailyQuotaRefusesTheUploadPastIt()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Attachments:VisitorDailyFiles"] = "2");
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);
        await AttachmentApi.UploadOkAsync(http, chat.ConversationId, "satu.txt", "satu"u8.ToArray());
        await AttachmentApi.UploadOkAsync(http, chat.ConversationId, "dua.txt", "dua"u8.ToArray());

        var third = await Refused(http, chat.ConversationId, "tiga.txt", "tiga"u8.ToArray());

        third.Status.Should().Be(HttpStatusCode.TooManyRequests);
        third.Code.Should().Be(HubErrors.AttachmentQuota);
        third.Detail.Should().Contain("2 berkas").And.Contain("24 jam");
        (await StoredFor(cluster, chat.Visitor.Visitor.VisitorId)).Should().Be(2);

        // Staff are not held to the visitors' quota.
        using var agent = cluster.Http(0, chat.Agent.Token);
        await AttachmentApi.UploadOkAsync(agent, chat.ConversationId, "panduan.txt", "Panduan unggah dokumen"u8.ToArray());
    }

    [Fact]
    public async Task TheSameFileUploadedTwiceIsStoredOnceAndReturnedAsADuplicate()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);
        var pdf = AttachmentFiles.Pdf();

        var first = await AttachmentApi.UploadOkAsync(http, chat.ConversationId, "surat.pdf", pdf);
        var second = await AttachmentApi.UploadOkAsync(http, chat.ConversationId, "surat.pdf", pdf);

        second.Duplicate.Should().BeTrue();
        second.Attachment.Id.Should().Be(first.Attachment.Id);
        (await StoredFor(cluster, chat.Visitor.Visitor.VisitorId)).Should().Be(1);

        // Another visitor sending the same bytes gets their own attachment over one stored copy of the content.
        var other = await AttachmentApi.ChatAsync(cluster);
        using var otherHttp = cluster.Http(0, other.Visitor.Token);
        var theirs = await AttachmentApi.UploadOkAsync(otherHttp, other.ConversationId, "surat.pdf", pdf);
        theirs.Attachment.Id.Should().NotBe(first.Attachment.Id);
        var db = cluster[0].Service<Npgsql.NpgsqlDataSource>();
        await using var command = db.CreateCommand("SELECT count(*) FROM attachment_blobs b JOIN attachments a ON a.sha256 = b.sha256 WHERE a.id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", new[] { first.Attachment.Id, theirs.Attachment.Id });
        (await command.ExecuteScalarAsync()).Should().Be(2L, "both rows join the one blob");
        await using var blobs = db.CreateCommand("SELECT count(DISTINCT a.sha256) FROM attachments a WHERE a.id = ANY(@ids)");
        blobs.Parameters.AddWithValue("ids", new[] { first.Attachment.Id, theirs.Attachment.Id });
        (await blobs.ExecuteScalarAsync()).Should().Be(1L);
    }

    [Fact]
    public async Task UploadsToSomeoneElsesConversationAreRefusedAndStoreNothing()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        var intruder = await cluster.RegisterVisitorAsync();
        using var http = cluster.Http(0, intruder.Token);

        var refused = await Refused(http, chat.ConversationId, "x.png", AttachmentFiles.PngWithGps());
        refused.Status.Should().Be(HttpStatusCode.NotFound);
        refused.Code.Should().Be(HubErrors.ConversationNotFound);

        var otherAgent = await cluster.CreateStaffAsync();
        using var agentHttp = cluster.Http(0, otherAgent.Token);
        (await Refused(agentHttp, chat.ConversationId, "x.png", AttachmentFiles.PngWithGps())).Code.Should().Be(HubErrors.NotYourConversation);

        using var anonymous = cluster.Http(0);
        using var response = await AttachmentApi.UploadAsync(anonymous, chat.ConversationId, "x.png", AttachmentFiles.PngWithGps());
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await StoredFor(cluster, intruder.Visitor.VisitorId)).Should().Be(0);
        (await StoredFor(cluster, chat.Visitor.Visitor.VisitorId)).Should().Be(0);
    }

    internal static async Task<long> StoredFor(ChatCluster cluster, Guid visitorId)
    {
        await using var command = cluster[0].Service<Npgsql.NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM attachments WHERE visitor_id = @v");
        command.Parameters.AddWithValue("v", visitorId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(HttpStatusCode Status, string? Code, string? Detail)> Refused(HttpClient http, Guid conversationId, string name, byte[] content)
    {
        using var response = await AttachmentApi.UploadAsync(http, conversationId, name, content);
        response.IsSuccessStatusCode.Should().BeFalse($"{name} must be refused");
        return await AttachmentApi.ProblemAsync(response);
    }

    private static byte[] Sample(string kind) => kind switch
    {
        "png" => AttachmentFiles.PngWithGps(),
        "jpeg" => AttachmentFiles.JpegWithGps(),
        "webp" => AttachmentFiles.Webp(),
        "pdf" => AttachmentFiles.Pdf(),
        "docx" => AttachmentFiles.Docx(),
        "xlsx" => AttachmentFiles.Xlsx(),
        "zip" => AttachmentFiles.Zip(),
        "txt" => AttachmentFiles.Text(),
        _ => AttachmentFiles.Csv(),
    };

    /// <summary>A body of <c>length</c> bytes produced as it is sent, counting what actually went out.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly long length;
        private readonly bool chunked;

        public CountingContent(long length, bool chunked = false)
        {
            this.length = length;
            this.chunked = chunked;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        }

        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            try
            {
                while (Sent < length)
                {
                    await stream.WriteAsync(chunk);
                    Sent += chunk.Length;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                // The server answered and closed: exactly what an early refusal does.
            }
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return !chunked;
        }
    }
}
