using Microsoft.Extensions.Options;

namespace Chat.Server.Attachments;

/// <summary>
/// File content as files named by their SHA-256 under <see cref="AttachmentOptions.FileSystemPath"/>
/// (<c>ab/cd/abcd…</c>), for deployments whose database should stay small. The folder must be backed up with the
/// database (the metadata stays there), and shared by every instance (a network mount).
/// </summary>
public sealed class FileSystemAttachmentStore : IAttachmentStore
{
    private readonly string root;

    public FileSystemAttachmentStore(IOptions<AttachmentOptions> options)
    {
        root = Path.GetFullPath(options.Value.FileSystemPath ?? throw new InvalidOperationException("Attachments:FileSystemPath is required for the filesystem store."));
        Directory.CreateDirectory(root);
    }

    public async Task PutAsync(byte[] sha256, Stream content, long size, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
            }

            // Atomic: a reader sees the whole file or none; the same content racing itself keeps the first.
            File.Move(partial, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public async Task<bool> CopyToAsync(byte[] sha256, Stream destination, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return false;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await file.CopyToAsync(destination, ct);
        return true;
    }

    public Task DeleteAsync(byte[] sha256, CancellationToken ct)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private string PathOf(byte[] sha256)
    {
        var hex = Convert.ToHexStringLower(sha256);
        return Path.Combine(root, hex[..2], hex[2..4], hex);
    }
}
