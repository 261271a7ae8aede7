using Chat.Server.Audit;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Retention;

/// <summary>What retention changed, or would change (a dry run).</summary>
/// <param name="Cutoff">Activity before this time is past retention.</param>
/// <param name="Visitors">Visitors anonymised.</param>
/// <param name="Conversations">Their conversations.</param>
/// <param name="Messages">Their messages (text removed only when configured).</param>
/// <param name="Tickets">Their tickets.</param>
/// <param name="Held">Visitors past retention but kept: an open disclosure request holds them.</param>
/// <param name="TextRemoved">Whether message and ticket text was (or would be) removed.</param>
/// <param name="Files">Attachments removed (always: a file cannot be anonymised).</param>
public sealed record RetentionReport(DateTimeOffset Cutoff, int Visitors, int Conversations, int Messages, int Tickets, int Held, bool TextRemoved, int Files = 0);

/// <summary>
/// Anonymises visitors whose newest activity (registration, email change, conversation, ticket) is older than
/// <see cref="RetentionOptions.Months"/>: name, email, phone and agency are replaced, so are their names on messages
/// and ticket entries and the client addresses of their policy acceptances; message text is kept or removed per
/// setting. A visitor with an open chat or an open disclosure request (legal hold) is left alone. Closed accounts
/// follow the same rule. One transaction per run, recorded in the audit log.
/// </summary>
public sealed class RetentionStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time, IOptions<RetentionOptions> options, Attachments.IAttachmentStore files,
    Attachments.AttachmentRecords attachments)
{
    private const string Due = """
        CREATE TEMP TABLE retention_due ON COMMIT DROP AS
        SELECT v.id, EXISTS (SELECT 1 FROM disclosure_requests d WHERE d.visitor_id = v.id AND d.closed_at IS NULL) AS held
        FROM visitors v
        WHERE v.anonymised_at IS NULL
          AND greatest(v.created_at, v.email_updated_at,
                coalesce((SELECT max(coalesce(c.closed_at, c.queued_at)) FROM conversations c WHERE c.visitor_id = v.id), '-infinity'),
                coalesce((SELECT max(t.updated_at) FROM tickets t WHERE t.visitor_id = v.id), '-infinity')) < @cutoff
          AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id AND c.status <> 'closed')
        """;

    private const string Count = """
        SELECT (SELECT count(*) FROM retention_due WHERE NOT held)::int AS visitors,
               (SELECT count(*) FROM conversations c JOIN retention_due d ON d.id = c.visitor_id AND NOT d.held)::int AS conversations,
               (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN retention_due d ON d.id = c.visitor_id AND NOT d.held)::int AS messages,
               (SELECT count(*) FROM tickets t JOIN retention_due d ON d.id = t.visitor_id AND NOT d.held)::int AS tickets,
               (SELECT count(*) FROM retention_due WHERE held)::int AS held,
               (SELECT count(*) FROM attachments a JOIN retention_due d ON d.id = a.visitor_id AND NOT d.held)::int AS files;
        """;

    private const string Anonymise = """
        UPDATE visitors v
        SET name = 'Anonim', email = 'anonim-' || v.id || '@anonim.invalid', phone = NULL, organization = NULL,
            anonymised_at = @now, token_version = token_version + 1
        FROM retention_due d WHERE d.id = v.id AND NOT d.held;
        UPDATE policy_acceptances p SET client_ip = NULL, user_agent = NULL
        FROM retention_due d WHERE d.id = p.visitor_id AND NOT d.held;
        UPDATE messages m
        SET sender_name = CASE WHEN m.sender_role = 'visitor' THEN 'Anonim' ELSE m.sender_name END,
            body = CASE WHEN @removeText THEN '[dihapus]' ELSE m.body END,
            delivered_body = CASE WHEN @removeText AND m.delivered_body IS NOT NULL THEN '[dihapus]' ELSE m.delivered_body END,
            moderation_note = CASE WHEN @removeText THEN NULL ELSE m.moderation_note END
        FROM conversations c JOIN retention_due d ON d.id = c.visitor_id AND NOT d.held
        WHERE m.conversation_id = c.id;
        UPDATE conversations c SET close_note = CASE WHEN @removeText THEN NULL ELSE c.close_note END
        FROM retention_due d WHERE d.id = c.visitor_id AND NOT d.held;
        UPDATE ticket_entries e
        SET author_name = CASE WHEN e.author_role = 'visitor' THEN 'Anonim' ELSE e.author_name END,
            body = CASE WHEN @removeText THEN '[dihapus]' ELSE e.body END
        FROM tickets t JOIN retention_due d ON d.id = t.visitor_id AND NOT d.held
        WHERE e.ticket_id = t.id;
        UPDATE tickets t SET subject = CASE WHEN @removeText THEN '[dihapus]' ELSE t.subject END
        FROM retention_due d WHERE d.id = t.visitor_id AND NOT d.held;
        """;

    // Files go whatever the text setting: a screenshot or a scanned ID cannot be anonymised. Their reviews go with
    // them (the decisions stay in the audit log); the content goes after the commit, where no other file shares it.
    private const string RemoveFiles = """
        CREATE TEMP TABLE retention_files ON COMMIT DROP AS
        SELECT a.id, a.sha256 FROM attachments a JOIN retention_due d ON d.id = a.visitor_id AND NOT d.held;
        UPDATE messages m SET attachments = NULL
        FROM conversations c JOIN retention_due d ON d.id = c.visitor_id AND NOT d.held
        WHERE m.conversation_id = c.id AND m.attachments IS NOT NULL;
        UPDATE ticket_entries e SET attachments = NULL
        FROM tickets t JOIN retention_due d ON d.id = t.visitor_id AND NOT d.held
        WHERE e.ticket_id = t.id AND e.attachments IS NOT NULL;
        DELETE FROM moderation_reviews r USING retention_files f WHERE r.attachment_id = f.id;
        DELETE FROM attachments a USING retention_files f WHERE a.id = f.id;
        """;

    /// <summary>Applies retention (or, with <paramref name="dryRun"/>, only reports what it would change).</summary>
    public async Task<RetentionReport> ApplyAsync(bool dryRun, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var cutoff = now.AddMonths(-o.Months);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Due, new { cutoff }, transaction, cancellationToken: ct));
        var counts = await connection.QuerySingleAsync<Counts>(new CommandDefinition(Count, transaction: transaction, cancellationToken: ct));
        var report = new RetentionReport(cutoff, counts.Visitors, counts.Conversations, counts.Messages, counts.Tickets, counts.Held, o.RemoveMessageText, counts.Files);
        if (dryRun || counts.Visitors == 0)
        {
            await transaction.RollbackAsync(ct);
            return report;
        }

        await connection.ExecuteAsync(new CommandDefinition(Anonymise, new { now, removeText = o.RemoveMessageText }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(RemoveFiles, transaction: transaction, cancellationToken: ct));
        var removed = (await connection.QueryAsync<byte[]>(new CommandDefinition("SELECT DISTINCT sha256 FROM retention_files", transaction: transaction, cancellationToken: ct))).ToList();
        await audit.AppendAsync(connection, transaction, AuditEntry.System("retention.applied", null, new
        {
            months = o.Months,
            cutoff,
            report.Visitors,
            report.Conversations,
            report.Messages,
            report.Tickets,
            report.Held,
            report.Files,
            textRemoved = o.RemoveMessageText,
        }), ct);
        await transaction.CommitAsync(ct);
        foreach (var sha256 in removed)
        {
            if (!await attachments.ContentInUseAsync(sha256, ct))
            {
                await files.DeleteAsync(sha256, ct);
            }
        }

        return report;
    }

    private sealed record Counts(int Visitors, int Conversations, int Messages, int Tickets, int Held, int Files);
}
