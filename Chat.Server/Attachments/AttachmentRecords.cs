using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Attachments;

public sealed record AttachmentRow
{
    public required Guid Id { get; init; }
    public required Guid? ConversationId { get; init; }
    public required Guid? TicketId { get; init; }
    public required string UploaderRole { get; init; }
    public required Guid UploaderId { get; init; }
    public required Guid VisitorId { get; init; }
    public required string FileName { get; init; }
    public required string Kind { get; init; }
    public required string ContentType { get; init; }
    public required long Size { get; init; }
    public required byte[] Sha256 { get; init; }
    public required int? Width { get; init; }
    public required int? Height { get; init; }
    public required Guid? MessageId { get; init; }
    public required Guid? TicketEntryId { get; init; }
    public required string ScanStatus { get; init; }
    public required DateTimeOffset? WithheldAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The conversation's agent now (null for tickets and queued chats).</summary>
    public required Guid? AgentId { get; init; }

    /// <summary>The message carrying it was blocked by moderation and not released: its files are withheld with it.</summary>
    public required bool MessageBlocked { get; init; }

    /// <summary>On an internal ticket note: staff only.</summary>
    public bool InternalEntry { get; init; }

    public bool Image => FileKinds.Find(Kind)?.Image == true;

    public AttachmentInfo ToInfo(bool withheld = false) => new(Id, FileName, ContentType, Size, Image, Width, Height, withheld);
}

/// <summary>Attachment metadata in PostgreSQL: who sent which file where, its checks, and what it is attached to.</summary>
public sealed class AttachmentRecords(NpgsqlDataSource db)
{
    private const string Columns = """
        a.id, a.conversation_id AS conversationid, a.ticket_id AS ticketid, a.uploader_role AS uploaderrole, a.uploader_id AS uploaderid,
        a.visitor_id AS visitorid, a.file_name AS filename, a.kind, a.content_type AS contenttype, a.size, a.sha256, a.width, a.height,
        a.message_id AS messageid, a.ticket_entry_id AS ticketentryid, a.scan_status AS scanstatus, a.withheld_at AS withheldat,
        a.created_at AS createdat, c.agent_id AS agentid,
        coalesce(m.moderation_action = 'block' AND m.released_at IS NULL, false) AS messageblocked,
        coalesce(te.internal, false) AS internalentry
        """;

    private const string Select = $"""
        SELECT {Columns} FROM attachments a
        LEFT JOIN conversations c ON c.id = a.conversation_id
        LEFT JOIN messages m ON m.id = a.message_id
        LEFT JOIN ticket_entries te ON te.id = a.ticket_entry_id
        """;

    public async Task InsertAsync(AttachmentRow row, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO attachments (id, conversation_id, ticket_id, uploader_role, uploader_id, visitor_id, file_name, kind, content_type,
                                     size, sha256, width, height, scan_status, created_at)
            VALUES (@Id, @ConversationId, @TicketId, @UploaderRole, @UploaderId, @VisitorId, @FileName, @Kind, @ContentType,
                    @Size, @Sha256, @Width, @Height, @ScanStatus, @CreatedAt)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: ct));
    }

    public async Task<AttachmentRow?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AttachmentRow>(new CommandDefinition(Select + " WHERE a.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AttachmentRow>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<AttachmentRow>(new CommandDefinition(Select + " WHERE a.id = ANY(@ids)", new { ids = ids.ToArray() }, cancellationToken: ct))];
    }

    /// <summary>The same content, uploaded to the same place by the same sender and not yet sent.</summary>
    public async Task<AttachmentRow?> FindUnsentAsync(Guid uploaderId, Guid? conversationId, Guid? ticketId, byte[] sha256, CancellationToken ct)
    {
        const string where = """
             WHERE a.uploader_id = @uploaderId AND a.sha256 = @sha256 AND a.message_id IS NULL AND a.ticket_entry_id IS NULL
               AND a.conversation_id IS NOT DISTINCT FROM @conversationId AND a.ticket_id IS NOT DISTINCT FROM @ticketId
             LIMIT 1
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AttachmentRow>(new CommandDefinition(Select + where, new { uploaderId, sha256, conversationId, ticketId }, cancellationToken: ct));
    }

    /// <summary>Files and bytes uploaded by <paramref name="uploaderId"/> since <paramref name="since"/>.</summary>
    public async Task<(int Files, long Bytes)> UsageSinceAsync(Guid uploaderId, DateTimeOffset since, CancellationToken ct)
    {
        const string sql = "SELECT count(*)::int AS files, coalesce(sum(size), 0)::bigint AS bytes FROM attachments WHERE uploader_id = @uploaderId AND created_at >= @since";
        await using var connection = await db.OpenConnectionAsync(ct);
        var usage = await connection.QuerySingleAsync<(int, long)>(new CommandDefinition(sql, new { uploaderId, since }, cancellationToken: ct));
        return usage;
    }

    /// <summary>
    /// The files an author may send with a ticket entry (or the offline form, <paramref name="ticketId"/> null): their
    /// own uploads for that ticket (or for no home yet), not sent, not withheld, at most <paramref name="max"/>.
    /// </summary>
    public async Task<IReadOnlyList<AttachmentInfo>> RequireForTicketAsync(IReadOnlyList<Guid>? ids, Guid authorId, Guid? ticketId, int max, CancellationToken ct)
    {
        var wanted = ids?.Distinct().ToArray() ?? [];
        if (wanted.Length == 0)
        {
            return [];
        }

        if (wanted.Length > max)
        {
            throw Infrastructure.ChatError.BadRequest(HubErrors.AttachmentTooMany, "AttachmentTooMany", max);
        }

        var rows = (await GetManyAsync(wanted, ct)).ToDictionary(r => r.Id);
        var files = new List<AttachmentInfo>(wanted.Length);
        foreach (var id in wanted)
        {
            if (!rows.TryGetValue(id, out var row) || row.UploaderId != authorId)
            {
                throw Infrastructure.ChatError.BadRequest(HubErrors.AttachmentNotFound, "AttachmentNotFound");
            }

            if (row.ConversationId is not null || (row.TicketId is not null && row.TicketId != ticketId) || row.MessageId is not null
                || row.TicketEntryId is not null || row.WithheldAt is not null)
            {
                throw Infrastructure.ChatError.BadRequest(HubErrors.AttachmentAlreadySent, "AttachmentAlreadySent");
            }

            files.Add(row.ToInfo());
        }

        return files;
    }

    /// <summary>Binds unsent attachments to the message that carries them; returns how many were bound.</summary>
    public async Task<int> AttachToMessageAsync(IReadOnlyCollection<Guid> ids, Guid messageId, Guid uploaderId, CancellationToken ct)
    {
        const string sql = """
            UPDATE attachments SET message_id = @messageId
            WHERE id = ANY(@ids) AND uploader_id = @uploaderId AND message_id IS NULL AND ticket_entry_id IS NULL
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { ids = ids.ToArray(), messageId, uploaderId }, cancellationToken: ct));
    }

    public async Task<int> AttachToTicketEntryAsync(IReadOnlyCollection<Guid> ids, Guid entryId, Guid uploaderId, CancellationToken ct)
    {
        const string sql = """
            UPDATE attachments SET ticket_entry_id = @entryId
            WHERE id = ANY(@ids) AND uploader_id = @uploaderId AND message_id IS NULL AND ticket_entry_id IS NULL
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { ids = ids.ToArray(), entryId, uploaderId }, cancellationToken: ct));
    }

    public async Task SetScanAsync(Guid id, string status, string? detail, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE attachments SET scan_status = @status, scan_detail = @detail WHERE id = @id", new { id, status, detail }, cancellationToken: ct));
    }

    /// <summary>Whether any attachment still refers to this content (before the content itself is removed).</summary>
    public async Task<bool> ContentInUseAsync(byte[] sha256, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = @sha256)", new { sha256 }, cancellationToken: ct));
    }

    /// <summary>Attachments on a ticket's entries, by entry.</summary>
    public async Task<ILookup<Guid, AttachmentRow>> ForTicketAsync(Guid ticketId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AttachmentRow>(new CommandDefinition(Select + " WHERE a.ticket_id = @ticketId AND a.ticket_entry_id IS NOT NULL ORDER BY a.created_at", new { ticketId }, cancellationToken: ct));
        return rows.ToLookup(r => r.TicketEntryId!.Value);
    }

    public async Task<IReadOnlyList<AttachmentRow>> ForVisitorAsync(Guid visitorId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<AttachmentRow>(new CommandDefinition(Select + " WHERE a.visitor_id = @visitorId ORDER BY a.created_at", new { visitorId }, cancellationToken: ct))];
    }
}
