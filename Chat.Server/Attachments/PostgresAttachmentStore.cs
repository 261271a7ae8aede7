using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Attachments;

/// <summary>
/// File content in PostgreSQL as numbered bytea chunks (default 256 KB): an upload is written and a download read one
/// chunk at a time, so memory stays bounded whatever the file size, and pg_dump backups and retention cover the
/// files with everything else. Large objects would stream too, but pg_dump handles them apart and they outlive
/// deleted rows unless cleaned separately.
/// </summary>
public sealed class PostgresAttachmentStore(NpgsqlDataSource db, TimeProvider time, IOptions<AttachmentOptions> options) : IAttachmentStore
{
    public async Task PutAsync(byte[] sha256, Stream content, long size, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // Two uploads of the same content: the second waits on the first one's row, then finds it and stops.
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO attachment_blobs (sha256, size, chunks, created_at) VALUES (@sha256, @size, 0, @now)
            ON CONFLICT (sha256) DO NOTHING
            """, new { sha256, size, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
        if (inserted == 0)
        {
            return;
        }

        var buffer = new byte[options.Value.ChunkBytes];
        var n = 0;
        int read;
        while ((read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
        {
            await using var command = new NpgsqlCommand("INSERT INTO attachment_chunks (sha256, n, data) VALUES (@sha256, @n, @data)", connection, transaction);
            command.Parameters.AddWithValue("sha256", sha256);
            command.Parameters.AddWithValue("n", n++);
            command.Parameters.Add(new NpgsqlParameter("data", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = new ArraySegment<byte>(buffer, 0, read) });
            await command.ExecuteNonQueryAsync(ct);
        }

        await connection.ExecuteAsync(new CommandDefinition("UPDATE attachment_blobs SET chunks = @n WHERE sha256 = @sha256", new { sha256, n }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> CopyToAsync(byte[] sha256, Stream destination, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT chunks FROM attachment_blobs WHERE sha256 = @sha256", new { sha256 }, cancellationToken: ct)) is not { } chunks)
        {
            return false;
        }

        // One chunk per round trip: a reader over all rows would buffer them faster than a slow client takes them.
        await using var command = new NpgsqlCommand("SELECT data FROM attachment_chunks WHERE sha256 = @sha256 AND n = @n", connection);
        command.Parameters.AddWithValue("sha256", sha256);
        var index = new NpgsqlParameter<int>("n", 0);
        command.Parameters.Add(index);
        for (var n = 0; n < chunks; n++)
        {
            index.TypedValue = n;
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidDataException($"Attachment content is missing chunk {n}.");
            }

            await using var chunk = await reader.GetStreamAsync(0, ct);
            await chunk.CopyToAsync(destination, ct);
        }

        return true;
    }

    public async Task DeleteAsync(byte[] sha256, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM attachment_blobs WHERE sha256 = @sha256", new { sha256 }, cancellationToken: ct));
    }
}
