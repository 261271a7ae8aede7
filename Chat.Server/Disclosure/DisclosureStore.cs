using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Disclosure;

/// <summary>A disclosure request as stored, with the names of the supervisors involved.</summary>
public sealed record DisclosureRow
{
    public required Guid Id { get; init; }
    public required Guid VisitorId { get; init; }
    public required string VisitorName { get; init; }
    public required string Authority { get; init; }
    public required string Reference { get; init; }
    public required string? LegalBasis { get; init; }
    public required Guid RequestedBy { get; init; }
    public required string RequestedByName { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required string Status { get; init; }
    public required Guid? DecidedBy { get; init; }
    public required string? DecidedByName { get; init; }
    public required DateTimeOffset? DecidedAt { get; init; }
    public required string? DecisionNote { get; init; }
    public required byte[]? ArchiveSha256 { get; init; }
    public required long? ArchiveBytes { get; init; }
    public required DateTimeOffset? ClosedAt { get; init; }

    public DisclosureStatus State => Status switch
    {
        "approved" => DisclosureStatus.Approved,
        "rejected" => DisclosureStatus.Rejected,
        _ => DisclosureStatus.Pending,
    };

    public string Sha256Hex => ArchiveSha256 is { } h ? Convert.ToHexStringLower(h) : string.Empty;

    public DisclosureView ToView() => new(
        Id, VisitorId, VisitorName, Authority, Reference, LegalBasis ?? string.Empty, RequestedByName, RequestedAt, State,
        DecidedByName, DecidedAt, DecisionNote, Sha256Hex, ArchiveBytes ?? 0, ClosedAt is null);
}

/// <summary>What a new request records: who asks, on what basis, and the archive made for it.</summary>
public sealed record NewDisclosure(Guid Id, Guid VisitorId, string Authority, string Reference, string LegalBasis, Guid RequestedBy, DateTimeOffset RequestedAt, byte[] Archive, byte[] Sha256, bool Approved);

/// <summary>
/// Lawful disclosure requests (policy clause 5). A request stores its archive, made once, with the archive's SHA-256;
/// every step (request, decision, download, closing) is audited in the transaction that makes it. An open request
/// holds the visitor's data: retention leaves them alone until a supervisor closes it.
/// </summary>
public sealed class DisclosureStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time)
{
    private const string Select = """
        SELECT d.id, d.visitor_id AS visitorid, v.name AS visitorname, d.authority, d.reference, d.legal_basis AS legalbasis,
               d.requested_by AS requestedby, r.display_name AS requestedbyname, d.requested_at AS requestedat, d.status,
               d.decided_by AS decidedby, a.display_name AS decidedbyname, d.decided_at AS decidedat, d.decision_note AS decisionnote,
               d.archive_sha256 AS archivesha256, d.archive_bytes AS archivebytes, d.closed_at AS closedat
        FROM disclosure_requests d
        JOIN visitors v ON v.id = d.visitor_id
        JOIN staff r ON r.id = d.requested_by
        LEFT JOIN staff a ON a.id = d.decided_by
        """;

    /// <summary>Records a request with its archive and the audit entry naming the archive's hash, in one transaction.</summary>
    public async Task RecordAsync(NewDisclosure request, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO disclosure_requests (id, visitor_id, authority, reference, legal_basis, requested_by, requested_at,
                                             status, decided_by, decided_at, archive, archive_sha256, archive_bytes)
            VALUES (@Id, @VisitorId, @Authority, @Reference, @LegalBasis, @RequestedBy, @RequestedAt,
                    @status, @decidedBy, @decidedAt, @Archive, @Sha256, @bytes)
            """;
        var entry = AuditEntry.Staff(request.RequestedBy, "disclosure.requested", request.VisitorId, new
        {
            request = request.Id,
            authority = request.Authority,
            reference = request.Reference,
            legalBasis = request.LegalBasis,
            sha256 = Convert.ToHexStringLower(request.Sha256),
            bytes = request.Archive.LongLength,
            secondApproval = !request.Approved,
        });
        await audit.InTransactionAsync(entry, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            request.Id,
            request.VisitorId,
            request.Authority,
            request.Reference,
            request.LegalBasis,
            request.RequestedBy,
            request.RequestedAt,
            status = request.Approved ? "approved" : "pending",
            decidedBy = request.Approved ? request.RequestedBy : (Guid?)null,
            decidedAt = request.Approved ? request.RequestedAt : (DateTimeOffset?)null,
            request.Archive,
            request.Sha256,
            bytes = request.Archive.LongLength,
        }, transaction, cancellationToken: ct)), ct);
    }

    public async Task<DisclosureRow?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DisclosureRow>(new CommandDefinition(Select + " WHERE d.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DisclosureRow>> ListAsync(Guid? visitorId, bool openOnly, int limit, CancellationToken ct)
    {
        var sql = Select + """
             WHERE (@visitorId::uuid IS NULL OR d.visitor_id = @visitorId::uuid) AND (NOT @openOnly OR d.closed_at IS NULL)
            ORDER BY d.requested_at DESC LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<DisclosureRow>(new CommandDefinition(sql, new { visitorId, openOnly, limit = Math.Clamp(limit, 1, 500) }, cancellationToken: ct))];
    }

    /// <summary>
    /// A second supervisor approves or rejects a pending request; the requester never decides their own. A rejected
    /// request is closed as well, which ends its legal hold. Null when the request is not pending (or does not exist).
    /// </summary>
    public Task<DisclosureRow?> DecideAsync(Guid id, Guid supervisorId, bool approve, string? note, CancellationToken ct)
    {
        const string sql = """
            UPDATE disclosure_requests
            SET status = @status, decided_by = @supervisorId, decided_at = @now, decision_note = @note,
                closed_at = CASE WHEN @approve THEN closed_at ELSE @now END,
                closed_by = CASE WHEN @approve THEN closed_by ELSE @supervisorId END
            WHERE id = @id AND status = 'pending' AND closed_at IS NULL AND requested_by <> @supervisorId
            RETURNING visitor_id, archive_sha256
            """;
        return audit.InTransactionWhenAsync<DisclosureRow>(async (connection, transaction) =>
        {
            var changed = await connection.QuerySingleOrDefaultAsync<(Guid VisitorId, byte[] Sha256)?>(new CommandDefinition(
                sql, new { id, supervisorId, approve, note, status = approve ? "approved" : "rejected", now = time.GetUtcNow() }, transaction, cancellationToken: ct));
            if (changed is not { } c)
            {
                return (null!, null);
            }

            var row = await connection.QuerySingleAsync<DisclosureRow>(new CommandDefinition(Select + " WHERE d.id = @id", new { id }, transaction, cancellationToken: ct));
            var action = approve ? "disclosure.approved" : "disclosure.rejected";
            return (row, AuditEntry.Staff(supervisorId, action, c.VisitorId, new { request = id, sha256 = Convert.ToHexStringLower(c.Sha256), note }));
        }, ct);
    }

    /// <summary>
    /// The archive of an approved request, read in the transaction that audits the download (who took it, and the hash
    /// of exactly what they took). Null when there is nothing to hand over.
    /// </summary>
    public Task<byte[]?> TakeArchiveAsync(Guid id, Guid supervisorId, CancellationToken ct)
    {
        const string sql = "SELECT visitor_id, archive, archive_sha256 FROM disclosure_requests WHERE id = @id AND status = 'approved' AND archive IS NOT NULL";
        return audit.InTransactionWhenAsync<byte[]>(async (connection, transaction) =>
        {
            var found = await connection.QuerySingleOrDefaultAsync<(Guid VisitorId, byte[] Archive, byte[] Sha256)?>(new CommandDefinition(sql, new { id }, transaction, cancellationToken: ct));
            return found is { } f
                ? (f.Archive, AuditEntry.Staff(supervisorId, "disclosure.downloaded", f.VisitorId, new { request = id, sha256 = Convert.ToHexStringLower(f.Sha256), bytes = f.Archive.LongLength }))
                : (null!, null);
        }, ct);
    }

    /// <summary>Every policy version the visitor accepted, when, and from where.</summary>
    public async Task<IReadOnlyList<object>> AcceptancesAsync(Guid visitorId, CancellationToken ct)
    {
        const string sql = """
            SELECT a.version, p.title, a.accepted_at AS acceptedat, a.client_ip AS clientip, a.user_agent AS useragent
            FROM policy_acceptances a JOIN policy_versions p ON p.version = a.version
            WHERE a.visitor_id = @visitorId ORDER BY a.version
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync(new CommandDefinition(sql, new { visitorId }, cancellationToken: ct))];
    }

    /// <summary>Every strike, cleared ones included (the visitor's moderation record in full).</summary>
    public async Task<IReadOnlyList<object>> StrikesAsync(Guid visitorId, CancellationToken ct)
    {
        const string sql = """
            SELECT message_id AS messageid, category, points, at, cleared_at AS clearedat
            FROM moderation_strikes WHERE visitor_id = @visitorId ORDER BY at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync(new CommandDefinition(sql, new { visitorId }, cancellationToken: ct))];
    }

    /// <summary>
    /// Mail sent to the visitor (kind, address, when; never the content, which may hold sign-in codes) and mail
    /// received from them or about their tickets.
    /// </summary>
    public async Task<object> MailAsync(Guid visitorId, CancellationToken ct)
    {
        const string sent = """
            SELECT o.kind, o.recipient, o.language, o.message_id AS messageid, o.created_at AS createdat, o.sent_at AS sentat,
                   o.abandoned_at AS abandonedat, t.number AS ticket
            FROM email_outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
            WHERE o.visitor_id = @visitorId OR o.ticket_id IN (SELECT id FROM tickets WHERE visitor_id = @visitorId)
            ORDER BY o.created_at
            """;
        const string received = """
            SELECT i.sender, i.subject, i.outcome, i.message_id AS messageid, i.received_at AS receivedat, t.number AS ticket
            FROM inbound_mail i LEFT JOIN tickets t ON t.id = i.ticket_id
            WHERE i.ticket_id IN (SELECT id FROM tickets WHERE visitor_id = @visitorId)
               OR lower(i.sender) = (SELECT lower(email) FROM visitors WHERE id = @visitorId)
            ORDER BY i.received_at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return new
        {
            sent = await connection.QueryAsync(new CommandDefinition(sent, new { visitorId }, cancellationToken: ct)),
            received = await connection.QueryAsync(new CommandDefinition(received, new { visitorId }, cancellationToken: ct)),
        };
    }

    /// <summary>Audit entries about the visitor, their conversations and their tickets, with each entry's chain hash.</summary>
    public async Task<IReadOnlyList<object>> AuditAboutAsync(IReadOnlyList<Guid> subjects, CancellationToken ct)
    {
        const string sql = """
            SELECT a.id, a.at, a.actor_kind AS actorkind, a.actor_id AS actorid, s.display_name AS actorname, a.action,
                   a.subject_id AS subjectid, a.details::text AS details, encode(a.hash, 'hex') AS hash
            FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id
            WHERE a.subject_id = ANY(@subjects)
            ORDER BY a.id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync(new CommandDefinition(sql, new { subjects = subjects.ToArray() }, cancellationToken: ct))];
    }

    /// <summary>Closes a request, releasing its hold; false when it was not open.</summary>
    public async Task<bool> CloseAsync(Guid id, Guid closedBy, CancellationToken ct)
    {
        const string sql = """
            UPDATE disclosure_requests SET closed_at = @now, closed_by = @closedBy
            WHERE id = @id AND closed_at IS NULL
            RETURNING visitor_id
            """;
        var closed = await audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var visitor = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, new { id, closedBy, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
            return (visitor is not null, visitor is { } v ? AuditEntry.Staff(closedBy, "disclosure.closed", v, new { request = id }) : null);
        }, ct);
        return closed;
    }
}
