using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Conversations;

/// <summary>Conversations and their messages in PostgreSQL. Sequence numbers are allocated in the same statement as the insert.</summary>
public sealed class ConversationStore(NpgsqlDataSource db, TimeProvider time)
{
    /// <summary>A conversation row: <c>conversations c</c> joined to its agent <c>staff s</c>.</summary>
    private const string ConversationColumns = """
        c.id, c.visitor_id AS visitorid, c.topic, c.status, c.agent_id AS agentid, c.last_seq AS lastseq,
        c.queued_at AS queuedat, c.assigned_at AS assignedat, c.closed_at AS closedat, c.close_reason AS closereason,
        c.visitor_read_seq AS visitorreadseq, c.agent_read_seq AS agentreadseq, s.display_name AS agentname
        """;

    internal const string SelectConversation = $"SELECT {ConversationColumns} FROM conversations c LEFT JOIN staff s ON s.id = c.agent_id";

    /// <summary>A message row, from <c>messages m</c>.</summary>
    internal const string MessageColumns = """
        m.id, m.conversation_id AS conversationid, m.seq, m.client_message_id AS clientmessageid, m.sender_role AS senderrole,
        m.sender_id AS senderid, m.sender_name AS sendername, m.body, m.delivered_body AS deliveredbody,
        m.moderation_action AS moderationaction, m.moderation_categories AS moderationcategories,
        m.moderation_clause AS moderationclause, m.moderation_note AS moderationnote, m.created_at AS createdat,
        m.released_at AS releasedat, m.attachments::text AS attachments
        """;

    private const string AppendSql = $"""
        WITH c AS (
            UPDATE conversations SET last_seq = last_seq + 1
            WHERE id = @ConversationId AND status <> 'closed'
            RETURNING id, last_seq
        )
        INSERT INTO messages AS m (id, conversation_id, seq, client_message_id, sender_role, sender_id, sender_name, body, delivered_body,
                              moderation_action, moderation_categories, moderation_clause, moderation_note, created_at, attachments)
        SELECT @Id, c.id, c.last_seq, @ClientMessageId, @Role, @SenderId, @SenderName, @Body, @DeliveredBody,
               @Action, @Categories, @Clause, @Note, @Now, CAST(@Attachments AS jsonb)
        FROM c
        RETURNING {MessageColumns}
        """;

    public async Task<ConversationRow?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ConversationRow>(
            new CommandDefinition(SelectConversation + " WHERE c.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<ConversationRow?> FindOpenForVisitorAsync(Guid visitorId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ConversationRow>(
            new CommandDefinition(SelectConversation + " WHERE c.visitor_id = @visitorId AND c.status <> 'closed'", new { visitorId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ConversationRow>> ListActiveForAgentAsync(Guid agentId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<ConversationRow>(new CommandDefinition(
            SelectConversation + " WHERE c.agent_id = @agentId AND c.status = 'active' ORDER BY c.assigned_at", new { agentId }, cancellationToken: ct))];
    }

    /// <summary>Creates a queued conversation; null when the visitor already has an open one.</summary>
    public async Task<ConversationRow?> CreateAsync(Guid id, Guid visitorId, string topic, CancellationToken ct = default)
    {
        // One statement, one connection: reading the new row back on a second connection while holding the first
        // let a burst of new chats take every pooled connection and wait forever for one more.
        const string sql = """
            INSERT INTO conversations AS c (id, visitor_id, topic, status, queued_at)
            VALUES (@id, @visitorId, @topic, 'queued', @now)
            ON CONFLICT DO NOTHING
            RETURNING c.id, c.visitor_id AS visitorid, c.topic, c.status, c.agent_id AS agentid, c.last_seq AS lastseq,
                c.queued_at AS queuedat, c.assigned_at AS assignedat, c.closed_at AS closedat, c.close_reason AS closereason,
                c.visitor_read_seq AS visitorreadseq, c.agent_read_seq AS agentreadseq, NULL::text AS agentname
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ConversationRow>(
            new CommandDefinition(sql, new { id, visitorId, topic, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>
    /// Records the agent Redis assigned the conversation to; false when it is closed. An active row is taken over too:
    /// Redis may requeue a chat (expired agent, answer timeout) and assign it again before the requeue reaches this
    /// table, and refusing then would drop a waiting chat from routing altogether.
    /// </summary>
    public async Task<bool> AssignAsync(Guid id, Guid agentId, CancellationToken ct = default)
    {
        const string sql = "UPDATE conversations SET status = 'active', agent_id = @agentId, assigned_at = @now WHERE id = @id AND status IN ('queued', 'active')";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, agentId, now = time.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Puts a conversation that <paramref name="fromAgent"/> held back in the queue; false when it was not active with
    /// that agent any more (closed, or already assigned again to someone else).
    /// </summary>
    public async Task<bool> RequeueAsync(Guid id, Guid fromAgent, CancellationToken ct = default)
    {
        const string sql = "UPDATE conversations SET status = 'queued', agent_id = NULL, assigned_at = NULL WHERE id = @id AND status = 'active' AND agent_id = @fromAgent";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, fromAgent }, cancellationToken: ct)) == 1;
    }

    /// <summary>A transfer to a colleague: the active conversation gets its new agent (and topic) at <paramref name="at"/>.</summary>
    public async Task<bool> ReassignAsync(Guid id, Guid to, string topic, DateTimeOffset at, CancellationToken ct = default)
    {
        const string sql = "UPDATE conversations SET agent_id = @to, assigned_at = @at, topic = @topic WHERE id = @id AND status = 'active'";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, to, at, topic }, cancellationToken: ct)) == 1;
    }

    /// <summary>A transfer to a topic's queue: back in the queue under <paramref name="topic"/>; false unless <paramref name="from"/> held it.</summary>
    public async Task<bool> RequeueFromAsync(Guid id, Guid from, string topic, CancellationToken ct = default)
    {
        const string sql = """
            UPDATE conversations SET status = 'queued', agent_id = NULL, assigned_at = NULL, topic = @topic
            WHERE id = @id AND status = 'active' AND agent_id = @from
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, from, topic }, cancellationToken: ct)) == 1;
    }

    public async Task<MessageRow?> AppendAsync(NewMessage message, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await AppendAsync(connection, null, message, ct);
    }

    /// <summary>Appends with the next sequence number; null when the conversation is closed or missing.</summary>
    internal async Task<MessageRow?> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, NewMessage m, CancellationToken ct)
    {
        return await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(AppendSql, new
        {
            Id = Guid.CreateVersion7(),
            m.ConversationId,
            m.ClientMessageId,
            Role = ChatProjection.RoleName(m.Sender),
            m.SenderId,
            m.SenderName,
            m.Body,
            m.DeliveredBody,
            Action = ChatProjection.ActionName(m.Action),
            Categories = m.Categories.ToArray(),
            m.Clause,
            m.Note,
            Now = time.GetUtcNow(),
            m.Attachments,
        }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Appends several messages in one round trip and one commit (one WAL flush for all of them). The statements
    /// run in one implicit transaction: when any fails, none is stored and the exception says why. Returns one row
    /// per message, null where the conversation is closed or missing, only after the commit.
    /// </summary>
    internal async Task<MessageRow?[]> AppendBatchAsync(IReadOnlyList<NewMessage> messages, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var batch = connection.CreateBatch();
        var now = time.GetUtcNow();
        foreach (var m in messages)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = AppendSql;
            var p = command.Parameters;
            p.AddWithValue("Id", Guid.CreateVersion7());
            p.AddWithValue("ConversationId", m.ConversationId);
            p.AddWithValue("ClientMessageId", (object?)m.ClientMessageId ?? DBNull.Value);
            p.AddWithValue("Role", ChatProjection.RoleName(m.Sender));
            p.AddWithValue("SenderId", (object?)m.SenderId ?? DBNull.Value);
            p.AddWithValue("SenderName", m.SenderName);
            p.AddWithValue("Body", m.Body);
            p.AddWithValue("DeliveredBody", (object?)m.DeliveredBody ?? DBNull.Value);
            p.AddWithValue("Action", ChatProjection.ActionName(m.Action));
            p.AddWithValue("Categories", m.Categories.ToArray());
            p.AddWithValue("Clause", (object?)m.Clause ?? DBNull.Value);
            p.AddWithValue("Note", (object?)m.Note ?? DBNull.Value);
            p.AddWithValue("Now", now);
            p.Add(new NpgsqlParameter("Attachments", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)m.Attachments ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }

        var rows = new MessageRow?[messages.Count];
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            var parse = reader.GetRowParser<MessageRow>();
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = await reader.ReadAsync(ct) ? parse(reader) : null;
                await reader.NextResultAsync(ct);
            }
        }

        // The reader is closed only after the server's ReadyForQuery, which follows the commit.
        return rows;
    }

    /// <summary>The conversation, with the caller's message carrying <paramref name="clientMessageId"/> when one is stored.</summary>
    public async Task<(ConversationRow? Conversation, MessageRow? Existing)> GetForSendAsync(Guid id, Guid senderId, Guid clientMessageId, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT {ConversationColumns}, {MessageColumns}
            FROM conversations c
            LEFT JOIN staff s ON s.id = c.agent_id
            LEFT JOIN messages m ON m.conversation_id = c.id AND m.sender_id = @senderId AND m.client_message_id = @clientMessageId
            WHERE c.id = @id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ConversationRow, MessageRow?, (ConversationRow, MessageRow?)>(
            new CommandDefinition(sql, new { id, senderId, clientMessageId }, cancellationToken: ct), (c, m) => (c, m), splitOn: "id");
        return rows.FirstOrDefault();
    }

    public async Task<MessageRow?> GetMessageAsync(Guid messageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition($"SELECT {MessageColumns} FROM messages m WHERE m.id = @messageId", new { messageId }, cancellationToken: ct));
    }

    public async Task<MessageRow?> FindByClientIdAsync(Guid conversationId, Guid senderId, Guid clientMessageId, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT {MessageColumns} FROM messages m
            WHERE conversation_id = @conversationId AND sender_id = @senderId AND client_message_id = @clientMessageId
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<MessageRow>(
            new CommandDefinition(sql, new { conversationId, senderId, clientMessageId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<MessageRow>> MessagesAfterAsync(Guid conversationId, long afterSeq, int limit, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT {MessageColumns} FROM messages m
            WHERE conversation_id = @conversationId AND seq > @afterSeq
            ORDER BY seq LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<MessageRow>(new CommandDefinition(sql, new { conversationId, afterSeq, limit }, cancellationToken: ct))];
    }

    /// <summary>Records how far one side has read; returns the new mark, or null when nothing moved.</summary>
    public async Task<long?> MarkReadAsync(Guid conversationId, SenderRole reader, long upToSeq, CancellationToken ct = default)
    {
        var column = reader == SenderRole.Visitor ? "visitor_read_seq" : "agent_read_seq";
        var sql = $"""
            UPDATE conversations SET {column} = LEAST(@upToSeq, last_seq)
            WHERE id = @conversationId AND {column} < LEAST(@upToSeq, last_seq)
            RETURNING {column}
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, new { conversationId, upToSeq }, cancellationToken: ct));
    }

    /// <summary>Closes the conversation inside <paramref name="transaction"/>; false when it was already closed.</summary>
    internal static async Task<bool> CloseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CloseReason reason, string? note, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            UPDATE conversations SET status = 'closed', closed_at = @now, close_reason = @reason, close_note = @note
            WHERE id = @id AND status <> 'closed'
            """;
        return await connection.ExecuteAsync(new CommandDefinition(
            sql, new { id, now, reason = reason.ToString(), note }, transaction, cancellationToken: ct)) == 1;
    }

    internal NpgsqlDataSource DataSource => db;
}
