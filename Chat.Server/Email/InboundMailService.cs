using Dapper;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>
/// Reads the helpdesk mailbox over IMAP: new mail by UID since the last one handled (kept per helpdesk address in
/// PostgreSQL, restarted when UIDVALIDITY changes), waiting with IDLE where the server has it and polling otherwise.
/// An unreachable mailbox is retried with doubling waits and its state (last success, last error, failures in a row)
/// is kept for supervisors. Several instances may read at once: each mail is handled once by its Message-ID.
/// </summary>
internal sealed partial class InboundMailService(
    NpgsqlDataSource db, InboundMailProcessor processor, IOptions<EmailOptions> options, TimeProvider time, ILogger<InboundMailService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var client = new ImapClient { Timeout = (int)o.Imap.Timeout.TotalMilliseconds };
                await client.ConnectAsync(o.Imap.Host, o.Imap.Port, o.Imap.Security, stoppingToken);
                await client.AuthenticateAsync(o.Imap.Username ?? string.Empty, o.Imap.Password ?? string.Empty, stoppingToken);
                var folder = await client.GetFolderAsync(o.ImapFolder, stoppingToken);
                await folder.OpenAsync(FolderAccess.ReadOnly, stoppingToken);
                failures = 0;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await ReadNewAsync(folder, stoppingToken);
                    await RecordAsync(null, stoppingToken);
                    await WaitForMailAsync(client, folder, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                LogUnreachable(o.Imap.Host, o.Imap.Port, failures, e.Message);
                await RecordAsync(e.Message, CancellationToken.None);
                await Task.Delay(OutboxSender.Backoff(failures, o.ImapRetryFirst, o.RetryMax), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task WaitForMailAsync(ImapClient client, IMailFolder folder, CancellationToken stoppingToken)
    {
        var interval = options.Value.ImapPollInterval;
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(interval, time, stoppingToken);
            await folder.CheckAsync(stoppingToken);
            return;
        }

        // IDLE until the server reports new mail or the interval passes (servers drop IDLE after about 30 minutes).
        using var done = new CancellationTokenSource(interval, time);
        void OnCount(object? sender, EventArgs e) => done.Cancel();
        folder.CountChanged += OnCount;
        try
        {
            await client.IdleAsync(done.Token, stoppingToken);
        }
        finally
        {
            folder.CountChanged -= OnCount;
        }
    }

    /// <summary>Handles every mail with a UID above the last one handled; returns how many were read.</summary>
    internal async Task<int> ReadNewAsync(IMailFolder folder, CancellationToken ct)
    {
        var address = options.Value.Address;
        var (validity, lastUid) = await StateAsync(address, ct);
        if (validity != folder.UidValidity)
        {
            // A rebuilt mailbox renumbers its mail: read it all again; Message-IDs keep each mail handled once.
            lastUid = 0;
        }

        // UID FETCH n:* rather than UID SEARCH: simpler servers (smtp4dev among them) answer it reliably. "n:*" also
        // returns the newest mail when nothing is newer, hence the filter.
        var range = new UniqueIdRange(new UniqueId(folder.UidValidity, lastUid + 1), UniqueId.MaxValue);
        var summaries = (await folder.FetchAsync(range, MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.Envelope, ct))
            .Where(s => s.UniqueId.Id > lastUid).OrderBy(s => s.UniqueId.Id).ToList();
        if (summaries.Count == 0)
        {
            await SaveAsync(address, folder.UidValidity, lastUid, ct);
            return 0;
        }

        foreach (var summary in summaries)
        {
            var envelope = summary.Envelope;
            if (envelope is not null && !processor.IsForUs(envelope.To, envelope.Cc))
            {
                // Another address in a shared mailbox: not ours to take.
            }
            else if (summary.Size is { } size && size > options.Value.MaxInboundBytes)
            {
                await processor.TooLargeAsync(address, summary.UniqueId.Id, envelope?.MessageId is { } id ? MimeUtils.EnumerateReferences(id).FirstOrDefault() ?? id : null,
                    envelope?.From.Mailboxes.FirstOrDefault()?.Address, envelope?.Subject, size, ct);
            }
            else
            {
                await ReadOneAsync(folder, address, summary.UniqueId, ct);
            }

            await SaveAsync(address, folder.UidValidity, summary.UniqueId.Id, ct);
        }

        return summaries.Count;
    }

    private async Task ReadOneAsync(IMailFolder folder, string address, UniqueId uid, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = await folder.GetMessageAsync(uid, ct);
        }
        catch (FormatException e)
        {
            await processor.MalformedAsync(address, uid.Id, e.Message, ct);
            return;
        }

        await processor.ProcessAsync(address, uid.Id, message, ct);
    }

    private async Task<(uint Validity, uint LastUid)> StateAsync(string address, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long, long)?>(new CommandDefinition(
            "SELECT uid_validity, last_uid FROM mailbox_state WHERE address = @address", new { address }, cancellationToken: ct));
        return row is { } r ? ((uint)r.Item1, (uint)r.Item2) : (0u, 0u);
    }

    private async Task SaveAsync(string address, uint validity, uint lastUid, CancellationToken ct)
    {
        // Never move backwards: another instance may have read further meanwhile.
        const string sql = """
            INSERT INTO mailbox_state (address, uid_validity, last_uid) VALUES (@address, @validity, @lastUid)
            ON CONFLICT (address) DO UPDATE SET
                last_uid = CASE WHEN mailbox_state.uid_validity = EXCLUDED.uid_validity THEN GREATEST(mailbox_state.last_uid, EXCLUDED.last_uid) ELSE EXCLUDED.last_uid END,
                uid_validity = EXCLUDED.uid_validity
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { address, validity = (long)validity, lastUid = (long)lastUid }, cancellationToken: ct));
    }

    private async Task RecordAsync(string? error, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO mailbox_state (address, last_ok_at, last_error, last_error_at, failures)
            VALUES (@address, CASE WHEN @error IS NULL THEN @now END, @error, CASE WHEN @error IS NOT NULL THEN @now END, CASE WHEN @error IS NULL THEN 0 ELSE 1 END)
            ON CONFLICT (address) DO UPDATE SET
                last_ok_at = CASE WHEN @error IS NULL THEN @now ELSE mailbox_state.last_ok_at END,
                last_error = COALESCE(@error, mailbox_state.last_error),
                last_error_at = CASE WHEN @error IS NOT NULL THEN @now ELSE mailbox_state.last_error_at END,
                failures = CASE WHEN @error IS NULL THEN 0 ELSE mailbox_state.failures + 1 END
            """;
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(sql, new { address = options.Value.Address, error = error?[..Math.Min(error.Length, 500)], now = time.GetUtcNow() }, cancellationToken: ct));
        }
        catch (NpgsqlException e)
        {
            LogStateNotSaved(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Helpdesk mailbox {Host}:{Port} unreachable ({Failures} in a row); retrying: {Error}")]
    private partial void LogUnreachable(string host, int port, int failures, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox state not saved: {Error}")]
    private partial void LogStateNotSaved(string error);
}
