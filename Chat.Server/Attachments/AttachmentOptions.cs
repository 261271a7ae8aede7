using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Attachments;

/// <summary>Attachments: what may be uploaded, how much, where it is kept and how long a download link works.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>File types accepted, by the content found (see <see cref="FileKinds"/>): png, jpeg, webp, pdf, docx, xlsx, zip, txt, csv.</summary>
    [Required]
    [MinLength(1)]
    public string[] AllowedTypes { get; set; } = ["png", "jpeg", "webp", "pdf", "docx", "xlsx", "zip", "txt", "csv"];

    /// <summary>Largest file, in bytes (default 10 MB); a larger upload is refused before its body is read, or as soon as it passes the limit.</summary>
    [Range(1, 1L << 31)]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Files per message or ticket entry.</summary>
    [Range(1, 20)]
    public int MaxFilesPerMessage { get; set; } = 5;

    /// <summary>Bytes a visitor may upload in any 24 hours.</summary>
    [Range(1, long.MaxValue)]
    public long VisitorDailyBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Files a visitor may upload in any 24 hours (a flood of small uploads ends here).</summary>
    [Range(1, 100_000)]
    public int VisitorDailyFiles { get; set; } = 40;

    /// <summary>Widest or tallest image accepted; checked from the header before any pixel is decoded.</summary>
    [Range(16, 30_000)]
    public int MaxImageSide { get; set; } = 8192;

    /// <summary>Most pixels in an image (default 24 MP, about 96 MB while it is re-encoded): decompression bombs stop here.</summary>
    [Range(256, 200_000_000)]
    public long MaxImagePixels { get; set; } = 24_000_000;

    /// <summary>Largest total a ZIP (or DOCX/XLSX) may claim to expand to, and the largest ratio to its size: zip bombs stop here.</summary>
    [Range(1, long.MaxValue)]
    public long MaxZipExpandedBytes { get; set; } = 512L * 1024 * 1024;

    [Range(2, 100_000)]
    public int MaxZipRatio { get; set; } = 200;

    /// <summary>How long a download link works.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>postgres</c> (default: backups and retention cover the files) or <c>filesystem</c> (<see cref="FileSystemPath"/>).</summary>
    [RegularExpression("^(postgres|filesystem)$")]
    public string Store { get; set; } = "postgres";

    /// <summary>Folder of the filesystem store (content-addressed files); required when <see cref="Store"/> is <c>filesystem</c>.</summary>
    public string? FileSystemPath { get; set; }

    /// <summary>Bytes per stored chunk (PostgreSQL store) and per read while streaming.</summary>
    [Range(4096, 4 * 1024 * 1024)]
    public int ChunkBytes { get; set; } = 256 * 1024;

    /// <summary>Folder for the upload being checked (default: the system temp folder); files there are deleted when closed.</summary>
    public string? SpoolPath { get; set; }

    /// <summary>The malware scanner: empty (off, default) or a clamd address <c>host:port</c>.</summary>
    public string? ClamdAddress { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
