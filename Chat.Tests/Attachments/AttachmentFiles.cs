using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Chat.Tests.Attachments;

/// <summary>Sample files for attachment tests, built in code: real formats, real metadata, real malformations.</summary>
public static class AttachmentFiles
{
    /// <summary>A screenshot-like PNG carrying GPS coordinates (Pelaihari) and a device tag in its EXIF (eXIf chunk).</summary>
    public static byte[] PngWithGps(int width = 64, int height = 48) => WithGps(width, height, img => { using var s = new MemoryStream(); img.SaveAsPng(s); return s.ToArray(); });

    public static byte[] JpegWithGps(int width = 64, int height = 48) => WithGps(width, height, img => { using var s = new MemoryStream(); img.SaveAsJpeg(s); return s.ToArray(); });

    public static byte[] Webp() { using var img = Picture(32, 32); using var s = new MemoryStream(); img.SaveAsWebp(s); return s.ToArray(); }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Docx() => Office("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");

    public static byte[] Xlsx() => Office("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");

    /// <summary>A macro-enabled Word file (content type macroEnabled): a ZIP by content, whatever it is called.</summary>
    public static byte[] Docm() => Office("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml");

    public static byte[] Zip() => ZipOf(("laporan.txt", Encoding.UTF8.GetBytes("Log error SPSE 500 pada unggah dokumen penawaran.")));

    /// <summary>A ZIP whose one entry inflates from about 10 KB to 10 MB of zeros (ratio about 1000).</summary>
    public static byte[] ZipBomb() => ZipOf(("nol.bin", new byte[10 * 1024 * 1024]));

    public static byte[] Text() => Encoding.UTF8.GetBytes("Paket: Pembangunan Jalan Desa Ambungan\nError: dokumen tidak terenkripsi\n");

    public static byte[] Csv() => Encoding.UTF8.GetBytes("kode_tender,nama_paket,hps\n1234567,Rehab Puskesmas,1500000000\n");

    /// <summary>The first bytes of a Windows executable (an "MZ" header and its DOS stub text).</summary>
    public static byte[] Executable()
    {
        var bytes = new byte[4096];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.").CopyTo(bytes, 78);
        return bytes;
    }

    /// <summary>The first half of a PNG: header and size intact, pixel data cut off.</summary>
    public static byte[] TruncatedPng()
    {
        using var img = Picture(200, 200);
        using var s = new MemoryStream();
        img.SaveAsPng(s);
        return s.ToArray()[..(int)(s.Length / 2)];
    }

    /// <summary>A PNG header that claims 30,000 × 30,000 pixels (3.6 GB decoded), followed by almost nothing.</summary>
    public static byte[] PngBomb()
    {
        using var img = Picture(8, 8);
        using var s = new MemoryStream();
        img.SaveAsPng(s);
        var bytes = s.ToArray();

        // IHDR width and height (big-endian) at bytes 16-23, then its CRC recomputed so the header is valid.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 30_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 30_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    /// <summary>The first half of <see cref="ZipBomb"/>: a ZIP cut off before its directory.</summary>
    public static byte[] ZipBombFirstBytes()
    {
        var bomb = ZipBomb();
        return bomb[..(bomb.Length / 2)];
    }

    /// <summary>True when the bytes hold any EXIF (PNG eXIf chunk, JPEG APP1 "Exif") or the GPS tag values written above.</summary>
    public static bool CarriesExif(byte[] bytes)
    {
        var span = bytes.AsSpan();
        return span.IndexOf("eXIf"u8) >= 0 || span.IndexOf("Exif\0\0"u8) >= 0 || span.IndexOf("SN-TL-0042"u8) >= 0;
    }

    private static byte[] WithGps(int width, int height, Func<Image, byte[]> save)
    {
        using var img = Picture(width, height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.GPSLatitudeRef, "S");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(3, 1), new Rational(48, 1), new Rational(0, 1)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(114, 1), new Rational(46, 1), new Rational(0, 1)]);
        exif.SetValue(ExifTag.ImageDescription, "SN-TL-0042");
        img.Metadata.ExifProfile = exif;
        return save(img);
    }

    private static Image<Rgba32> Picture(int width, int height)
    {
        var img = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                img[x, y] = new Rgba32((byte)(x * 4), (byte)(y * 4), 128, 255);
            }
        }

        return img;
    }

    private static byte[] Office(string mainPart, string mainType)
    {
        var types = $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{mainPart}" ContentType="{mainType}"/></Types>""";
        return ZipOf(("[Content_Types].xml", Encoding.UTF8.GetBytes(types)), (mainPart, Encoding.UTF8.GetBytes("<document/>")));
    }

    private static byte[] ZipOf(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
