namespace Chat.Server.Attachments;

/// <summary>
/// Where file content lives, addressed by its SHA-256 (the same content is kept once however often it is sent).
/// Content goes in and out as a stream, a chunk at a time; the metadata (who sent what, where) is always in
/// PostgreSQL (<see cref="AttachmentRecords"/>).
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="sha256"/> unless that content is already stored.</summary>
    Task PutAsync(byte[] sha256, Stream content, long size, CancellationToken ct);

    /// <summary>Writes the content to <paramref name="destination"/>; false when nothing is stored under the hash.</summary>
    Task<bool> CopyToAsync(byte[] sha256, Stream destination, CancellationToken ct);

    /// <summary>Removes the content (the caller checked that no attachment refers to it any more).</summary>
    Task DeleteAsync(byte[] sha256, CancellationToken ct);
}
