using System.Globalization;
using Chat.Server.Conversations;
using Chat.Server.Email;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Tickets;

public sealed record TicketRow
{
    public required Guid Id { get; init; }
    public required string Number { get; init; }
    public required Guid VisitorId { get; init; }
    public required string VisitorName { get; init; }
    public required Guid? ConversationId { get; init; }
    public required string Topic { get; init; }
    public required string Subject { get; init; }
    public required string Status { get; init; }
    public required string Source { get; init; }
    public required Guid? AssigneeId { get; init; }
    public required string? AssigneeName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public TicketSummary ToSummary() => new(
        Number, Topic, Subject, TicketStore.ParseStatus(Status), Enum.Parse<TicketSource>(Source), VisitorId, VisitorName, AssigneeId, AssigneeName,
        CreatedAt, UpdatedAt);
}

public sealed record TicketEntryRow
{
    public required Guid Id { get; init; }
    public required string AuthorRole { get; init; }
    public required Guid? AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public required string Body { get; init; }
    public required bool Internal { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Files sent with the entry, as JSON (<c>AttachmentInfo</c>[]).</summary>
    public string? Attachments { get; init; }

    /// <summary>When a supervisor upheld moderation's flag on this entry (content review).</summary>
    public DateTimeOffset? HeldAt { get; init; }

    /// <summary>
    /// The entry as <paramref name="viewer"/> reads it: a held entry keeps its text and files for supervisors and its
    /// author (marked as held); everyone else reads that it was held after review.
    /// </summary>
    public TicketEntry ToEntry(Viewer viewer)
    {
        var role = AuthorRole switch { "visitor" => SenderRole.Visitor, "agent" => SenderRole.Agent, _ => SenderRole.System };
        if (HeldAt is not null && !viewer.Supervisor && viewer.Id != AuthorId)
        {
            return new TicketEntry(Id, role, AuthorName, Resources.Text.Get("ModerationHeldEntry"), Internal, CreatedAt, null, Held: true);
        }

        return new TicketEntry(Id, role, AuthorName, Body, Internal, CreatedAt, Chat.Server.Attachments.AttachmentJson.Read(Attachments, withheldFromViewer: false), HeldAt is not null);
    }
}

/// <summary>Filters of a ticket list; <paramref name="VisibleTo"/> keeps to what that agent may see (<see cref="Security.StaffAccess.TicketVisibleToAgent"/>).</summary>
public sealed record TicketFilter(TicketStatus? Status, string? Topic, Guid? AssigneeId, Guid? VisitorId, int Limit = 100, int Offset = 0, Guid? VisibleTo = null);

/// <summary>Tickets (TL-YYYY-NNNNNN) and their entries, through Dapper.</summary>
public sealed class TicketStore(NpgsqlDataSource db, TimeProvider time, EmailOutbox mail)
{
    private static readonly TimeZoneInfo Wita = TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar");

    private const string SelectTicket = """
        SELECT t.id, t.number, t.visitor_id AS visitorid, v.name AS visitorname, t.conversation_id AS conversationid, t.topic, t.subject,
               t.status, t.source, t.assignee_id AS assigneeid, s.display_name AS assigneename, t.created_at AS createdat, t.updated_at AS updatedat
        FROM tickets t
        JOIN visitors v ON v.id = t.visitor_id
        LEFT JOIN staff s ON s.id = t.assignee_id
        """;

    /// <summary>Opens a ticket inside <paramref name="transaction"/> and returns its number.</summary>
    internal async Task<string> CreateAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid visitorId,
        Guid? conversationId,
        string topic,
        string subject,
        TicketSource source,
        IEnumerable<(SenderRole Role, Guid? AuthorId, string AuthorName, string Body, bool Internal)> entries,
        CancellationToken ct,
        IReadOnlyList<AttachmentInfo>? firstEntryFiles = null)
    {
        const string nextNumber = """
            INSERT INTO ticket_counters (year, last_no) VALUES (@year, 1)
            ON CONFLICT (year) DO UPDATE SET last_no = ticket_counters.last_no + 1
            RETURNING last_no
            """;
        const string insertTicket = """
            INSERT INTO tickets (id, number, visitor_id, conversation_id, topic, subject, status, source, created_at, updated_at)
            VALUES (@id, @number, @visitorId, @conversationId, @topic, @subject, 'open', @source, @now, @now)
            """;
        var now = time.GetUtcNow();
        var year = TimeZoneInfo.ConvertTime(now, Wita).Year;
        var no = await connection.ExecuteScalarAsync<int>(new CommandDefinition(nextNumber, new { year }, transaction, cancellationToken: ct));
        var number = string.Create(CultureInfo.InvariantCulture, $"TL-{year}-{no:D6}");
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            insertTicket,
            new { id, number, visitorId, conversationId, topic, subject = Truncate(subject, 200), source = source.ToString(), now },
            transaction,
            cancellationToken: ct));
        var first = true;
        foreach (var e in entries)
        {
            await InsertEntryAsync(connection, transaction, id, e.Role, e.AuthorId, e.AuthorName, e.Body, e.Internal, now, ct, first ? firstEntryFiles : null);
            first = false;
        }

        await mail.EnqueueTicketMailAsync(connection, transaction, MailKinds.TicketCreated, id, new Dictionary<string, string>(), ct);
        return number;
    }

    /// <summary>An offline-form ticket with its first entry; returns the number, the ticket's id and the entry's id.</summary>
    public async Task<(string Number, Guid TicketId, Guid EntryId)> CreateAsync(Guid visitorId, string visitorName, string topic, string subject, string message, TicketSource source,
        CancellationToken ct, IReadOnlyList<AttachmentInfo>? files = null)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var number = await CreateAsync(connection, transaction, visitorId, null, topic, subject, source, [], ct);
        var ticketId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("SELECT id FROM tickets WHERE number = @number", new { number }, transaction, cancellationToken: ct));
        var entryId = await InsertEntryAsync(connection, transaction, ticketId, SenderRole.Visitor, visitorId, visitorName, message, false, time.GetUtcNow(), ct, files);
        await transaction.CommitAsync(ct);
        return (number, ticketId, entryId);
    }

    public async Task<IReadOnlyList<TicketSummary>> ListAsync(TicketFilter filter, CancellationToken ct)
    {
        const string where = """
             WHERE (@status::text IS NULL OR t.status = @status)
               AND (@topic::text IS NULL OR t.topic = @topic)
               AND (@assigneeId::uuid IS NULL OR t.assignee_id = @assigneeId)
               AND (@visitorId::uuid IS NULL OR t.visitor_id = @visitorId)
               AND (@agentId::uuid IS NULL OR
            """ + Security.StaffAccess.TicketVisibleToAgent + """
            )
             ORDER BY t.created_at DESC
             LIMIT @limit OFFSET @offset
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<TicketRow>(new CommandDefinition(SelectTicket + where, new
        {
            status = filter.Status is { } s ? StatusName(s) : null,
            filter.Topic,
            filter.AssigneeId,
            filter.VisitorId,
            agentId = filter.VisibleTo,
            limit = Math.Clamp(filter.Limit, 1, 500),
            offset = Math.Max(0, filter.Offset),
        }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToSummary())];
    }

    public async Task<TicketRow?> GetAsync(string number, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TicketRow>(new CommandDefinition(SelectTicket + " WHERE t.number = @number", new { number }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<TicketEntryRow>> EntriesAsync(Guid ticketId, bool includeInternal, CancellationToken ct)
    {
        const string sql = """
            SELECT id, author_role AS authorrole, author_id AS authorid, author_name AS authorname, body, internal, created_at AS createdat,
                   attachments::text AS attachments, held_at AS heldat
            FROM ticket_entries WHERE ticket_id = @ticketId AND (@includeInternal OR NOT internal)
            ORDER BY created_at, id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<TicketEntryRow>(new CommandDefinition(sql, new { ticketId, includeInternal }, cancellationToken: ct))];
    }

    public async Task<IReadOnlyList<MessageRow>> TranscriptAsync(Guid conversationId, CancellationToken ct)
    {
        const string sql = $"SELECT {ConversationStore.MessageColumns} FROM messages m WHERE m.conversation_id = @conversationId ORDER BY m.seq";
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<MessageRow>(new CommandDefinition(sql, new { conversationId }, cancellationToken: ct))];
    }

    /// <summary>
    /// Applies a status change and/or assignment; the status guard makes concurrent changes safe. The visitor is
    /// mailed when staff move the ticket to pending, resolved or closed (reopening is the visitor's own doing), and
    /// a newly assigned agent is mailed when that is configured.
    /// </summary>
    public async Task<bool> UpdateAsync(Guid id, string expectedStatus, TicketStatus? status, Guid? assigneeId, bool unassign, CancellationToken ct)
    {
        const string sql = """
            UPDATE tickets
            SET status = COALESCE(@status, status),
                assignee_id = CASE WHEN @unassign THEN NULL ELSE COALESCE(@assigneeId, assignee_id) END,
                updated_at = @now
            WHERE id = @id AND status = @expectedStatus
            RETURNING (SELECT o.assignee_id FROM tickets o WHERE o.id = @id) AS previousassignee
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var changed = await connection.QueryAsync<Guid?>(new CommandDefinition(sql, new
        {
            id, expectedStatus, status = status is { } s ? StatusName(s) : null, assigneeId, unassign, now = time.GetUtcNow(),
        }, transaction, cancellationToken: ct));
        if (!changed.Any())
        {
            return false;
        }

        if (status is { } to && StatusName(to) != expectedStatus && to != TicketStatus.Open)
        {
            await mail.EnqueueTicketMailAsync(connection, transaction, MailKinds.TicketStatus, id, new Dictionary<string, string> { ["status"] = StatusName(to) }, ct);
        }

        if (assigneeId is { } agent && changed.Single() != agent)
        {
            await mail.EnqueueAgentMailAsync(connection, transaction, MailKinds.AgentAssigned, id, agent, ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Adds an entry; returns its id.</summary>
    public async Task<Guid> AddEntryAsync(Guid ticketId, SenderRole role, Guid authorId, string authorName, string body, bool isInternal, CancellationToken ct,
        IReadOnlyList<AttachmentInfo>? files = null)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await AddEntryAsync(connection, transaction, ticketId, role, authorId, authorName, body, isInternal, ct, files);
        await transaction.CommitAsync(ct);
        return id;
    }

    /// <summary>Adds an entry inside the caller's transaction (mail read from the helpdesk mailbox); returns its id.</summary>
    internal async Task<Guid> AddEntryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid ticketId, SenderRole role, Guid authorId, string authorName, string body, bool isInternal, CancellationToken ct,
        IReadOnlyList<AttachmentInfo>? files = null)
    {
        var now = time.GetUtcNow();
        var id = await InsertEntryAsync(connection, transaction, ticketId, role, authorId, authorName, body, isInternal, now, ct, files);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE tickets SET updated_at = @now WHERE id = @ticketId", new { ticketId, now }, transaction, cancellationToken: ct));
        if (role == SenderRole.Agent && !isInternal)
        {
            // Public staff replies reach the visitor by email; internal notes never leave.
            var payload = new Dictionary<string, string> { ["author"] = authorName, ["text"] = body };
            if (files is { Count: > 0 })
            {
                // The files go with the mail (the visitor has the ticket by email only); attached when it is sent.
                payload[TicketMailFiles.PayloadKey] = string.Join(',', files.Select(f => f.Id.ToString("D")));
            }

            await mail.EnqueueTicketMailAsync(connection, transaction, MailKinds.TicketReply, ticketId, payload, ct);
        }

        return id;
    }

    public static string StatusName(TicketStatus status) => status.ToString().ToLowerInvariant();

    public static TicketStatus ParseStatus(string status) => Enum.Parse<TicketStatus>(status, ignoreCase: true);

    private static async Task<Guid> InsertEntryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid ticketId, SenderRole role, Guid? authorId, string authorName, string body, bool isInternal, DateTimeOffset now, CancellationToken ct,
        IReadOnlyList<AttachmentInfo>? files = null)
    {
        const string sql = """
            INSERT INTO ticket_entries (id, ticket_id, author_role, author_id, author_name, body, internal, created_at, attachments)
            VALUES (@id, @ticketId, @role, @authorId, @authorName, @body, @isInternal, @now, CAST(@attachments AS jsonb))
            """;

        // The files move onto the ticket with the entry, in the same transaction: checked by the caller, bound here.
        const string bind = """
            UPDATE attachments SET ticket_id = @ticketId, ticket_entry_id = @id
            WHERE id = ANY(@ids) AND uploader_id = @authorId AND message_id IS NULL AND ticket_entry_id IS NULL AND conversation_id IS NULL
            """;
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id, ticketId, role = ChatProjection.RoleName(role), authorId, authorName, body, isInternal, now,
            attachments = files is { Count: > 0 } ? Chat.Server.Attachments.AttachmentJson.Write(files) : null,
        }, transaction, cancellationToken: ct));
        if (files is { Count: > 0 })
        {
            await connection.ExecuteAsync(new CommandDefinition(bind, new { ticketId, id, ids = files.Select(f => f.Id).ToArray(), authorId }, transaction, cancellationToken: ct));
        }

        return id;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
