using System.IO.Compression;
using System.Text;

namespace Chat.Server.Attachments;

/// <summary>What the content of an upload is.</summary>
/// <param name="Kind">The type found; null when the content is none of the known types.</param>
/// <param name="Problem">Set when the content starts like a known type but is broken or dangerous (truncated, a zip bomb).</param>
public sealed record SniffResult(FileKind? Kind, string? Problem = null);

/// <summary>
/// Recognises a file by its bytes, never by its name or the browser's claim. No maintained .NET detection library is
/// served here (Mime-Detective is an abandoned beta), and the set is small, so this reads the signatures directly:
/// PNG, JPEG and WebP headers (the image decoder then proves the rest), PDF's header and end marker, ZIP's central
/// directory (through <see cref="ZipArchive"/>, which reads no compressed data) with the Office part names and
/// content types that make a ZIP a DOCX or XLSX, and UTF-8 text without NUL bytes for TXT and CSV.
/// </summary>
public static class FileSniffer
{
    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string SheetMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads <paramref name="file"/> (seekable, at any position); <paramref name="extension"/> only splits TXT from CSV, whose content is alike.</summary>
    public static SniffResult Sniff(Stream file, string extension, AttachmentOptions options)
    {
        Span<byte> head = stackalloc byte[16];
        file.Position = 0;
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];

        if (head.StartsWith(PngMagic))
        {
            return new(FileKinds.Png);
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return new(FileKinds.Jpeg);
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return new(FileKinds.Webp);
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return EndsWithPdfTrailer(file) ? new(FileKinds.Pdf) : new(FileKinds.Pdf, "truncated");
        }

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return SniffZip(file, options);
        }

        return IsUtf8Text(file)
            ? new(string.Equals(extension, ".csv", StringComparison.OrdinalIgnoreCase) ? FileKinds.Csv : FileKinds.Txt)
            : new(null);
    }

    /// <summary>A complete PDF ends with <c>%%EOF</c> (a few bytes of whitespace may follow); a cut-off upload does not.</summary>
    private static bool EndsWithPdfTrailer(Stream file)
    {
        var tail = new byte[(int)Math.Min(1024, file.Length)];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        return tail.AsSpan().LastIndexOf("%%EOF"u8) >= 0;
    }

    private static SniffResult SniffZip(Stream file, AttachmentOptions options)
    {
        file.Position = 0;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            long expanded = 0;
            foreach (var entry in zip.Entries)
            {
                expanded += entry.Length;
            }

            // What the archive claims it expands to, from its directory: a bomb is refused without inflating a byte.
            if (expanded > options.MaxZipExpandedBytes || expanded > Math.Max(file.Length, 1) * options.MaxZipRatio)
            {
                return new(FileKinds.Zip, "bomb");
            }

            if (zip.GetEntry("[Content_Types].xml") is not { } types)
            {
                return new(FileKinds.Zip);
            }

            var declared = ReadSmallEntry(types);
            if (zip.GetEntry("word/document.xml") is not null && declared.Contains(WordMain, StringComparison.Ordinal))
            {
                return new(FileKinds.Docx);
            }

            if (zip.GetEntry("xl/workbook.xml") is not null && declared.Contains(SheetMain, StringComparison.Ordinal))
            {
                return new(FileKinds.Xlsx);
            }

            // Macro-enabled and other Office files are plain ZIPs here, so a .docm renamed .docx is refused by name.
            return new(FileKinds.Zip);
        }
        catch (InvalidDataException)
        {
            return new(FileKinds.Zip, "truncated");
        }
    }

    /// <summary>The first 64 KB of a small part such as [Content_Types].xml (bounded: a crafted part cannot inflate further).</summary>
    private static string ReadSmallEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Valid UTF-8 from start to end, with no NUL byte (binary files almost always carry one).</summary>
    private static bool IsUtf8Text(Stream file)
    {
        file.Position = 0;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        try
        {
            int read;
            while ((read = file.Read(bytes)) > 0)
            {
                if (bytes.AsSpan(0, read).Contains((byte)0))
                {
                    return false;
                }

                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
