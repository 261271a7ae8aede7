using System.Net;
using System.Net.Sockets;
using Chat.Server.Email;
using Chat.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Chat.Tests.Email;

public sealed class EmailOutboxTests
{
    [Fact]
    public async Task MailWrittenWhileTheSmtpServerIsUnreachableGoesOutOnceWhenItIsBack()
    {
        await using var link = new SmtpLink();
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Email:Smtp:Port"] = link.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var visitor = await cluster.RegisterVisitorAsync();

        // The sender tries, fails, and keeps the mail with the reason and a later attempt time.
        var pending = await Wait.UntilAsync(() => RowAsync(visitor.Visitor.VisitorId), r => r is { Attempts: >= 2, LastError: not null }, "failed attempts recorded");
        pending!.SentAt.Should().BeNull();
        (await MailServer.InboxAsync(visitor.Visitor.Email)).Should().BeEmpty();

        link.Open();
        var mail = (await MailServer.WaitForAsync(visitor.Visitor.Email)).Single();
        var sent = await Wait.UntilAsync(() => RowAsync(visitor.Visitor.VisitorId), r => r?.SentAt is not null, "row marked sent");
        mail.MessageId.Should().Be(sent!.MessageId, "the Message-ID was fixed when the mail was written");

        // Later rounds do not send it again.
        var later = await RowAsync(visitor.Visitor.VisitorId);
        await cluster[0].Service<OutboxSender>().SendDueAsync(CancellationToken.None);
        (await MailServer.InboxAsync(visitor.Visitor.Email)).Should().ContainSingle();
        (await RowAsync(visitor.Visitor.VisitorId))!.Attempts.Should().Be(later!.Attempts);
    }

    [Fact]
    public void RetriesBackOffByDoublingUpToTheCap()
    {
        var first = TimeSpan.FromSeconds(15);
        var max = TimeSpan.FromMinutes(15);
        Enumerable.Range(1, 8).Select(a => OutboxSender.Backoff(a, first, max).TotalSeconds)
            .Should().Equal(15, 30, 60, 120, 240, 480, 900, 900);
        OutboxSender.Backoff(1000, first, max).Should().Be(max);
    }

    private static async Task<OutboxState?> RowAsync(Guid visitorId)
    {
        await using var connection = new NpgsqlConnection(TestServices.Postgres);
        return await connection.QuerySingleOrDefaultAsync<OutboxState>(
            "SELECT message_id AS messageid, attempts, last_error AS lasterror, sent_at AS sentat FROM email_outbox WHERE visitor_id = @visitorId AND kind = 'verify_code'",
            new { visitorId });
    }

    private sealed record OutboxState
    {
        public required string MessageId { get; init; }
        public required int Attempts { get; init; }
        public required string? LastError { get; init; }
        public required DateTime? SentAt { get; init; }
    }

    /// <summary>
    /// A network link to the real SMTP server that the test can bring up: before <see cref="Open"/> the port
    /// refuses connections (the server is unreachable); afterwards bytes flow both ways unchanged.
    /// </summary>
    private sealed class SmtpLink : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private TcpListener? listener;

        public SmtpLink()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        public int Port { get; }

        public void Open()
        {
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            _ = AcceptAsync(listener);
        }

        private async Task AcceptAsync(TcpListener server)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await server.AcceptTcpClientAsync(stop.Token);
                    _ = RelayAsync(client);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The test is over.
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, TestServices.SmtpPort, stop.Token);
                    var a = client.GetStream();
                    var b = upstream.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b, stop.Token), b.CopyToAsync(a, stop.Token));
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                {
                    // One side closed.
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            stop.Cancel();
            listener?.Stop();
            stop.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
