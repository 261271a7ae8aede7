using System.Text;
using BenchmarkDotNet.Attributes;
using Chat.Server.Attachments;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Chat.Bench;

/// <summary>
/// The CPU and memory an upload costs beyond copying bytes: recognising the type (the sniffer reads a PDF's head
/// and tail, a ZIP's directory, a whole text file) and, for images, decoding and re-encoding without metadata.
/// Screenshots are the common upload: a 1366×768 and a 1920×1080 PNG with busy content, and a 12 MP phone photo.
/// </summary>
[MemoryDiagnoser]
public class AttachmentBenchmarks
{
    private readonly AttachmentOptions options = new();
    private byte[] screenshot = [];
    private byte[] fullHd = [];
    private byte[] photo = [];
    private byte[] pdf = [];
    private byte[] text = [];

    [GlobalSetup]
    public void Setup()
    {
        screenshot = Png(1366, 768);
        fullHd = Png(1920, 1080);
        photo = Jpeg(4000, 3000);
        pdf = Pdf(10 * 1024 * 1024 - 64);
        text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("kode_tender,nama_paket,hps,status\n1234567,Rehab Puskesmas Pelaihari,1500000000,aktif\n", 60_000)));
    }

    [Benchmark]
    public object? SniffPdf10MB() => FileSniffer.Sniff(new MemoryStream(pdf, false), ".pdf", options).Kind;

    [Benchmark]
    public object? SniffCsv5MB() => FileSniffer.Sniff(new MemoryStream(text, false), ".csv", options).Kind;

    [Benchmark]
    public long ReencodeScreenshot1366() => Reencode(screenshot, FileKinds.Png);

    [Benchmark]
    public long ReencodeScreenshot1920() => Reencode(fullHd, FileKinds.Png);

    [Benchmark]
    public long ReencodePhoto12MP() => Reencode(photo, FileKinds.Jpeg);

    private long Reencode(byte[] image, FileKind kind)
    {
        using var output = new MemoryStream();
        ImageSanitizer.Sanitize(new MemoryStream(image, false), kind, output, options);
        return output.Length;
    }

    private static Image<Rgba32> Busy(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        var random = new Random(42);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    // Flat areas with text-like noise, as in a screenshot of a browser window.
                    row[x] = (y / 24 + x / 200) % 5 == 0 ? new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)) : new Rgba32(240, 242, 245);
                }
            }
        });
        return image;
    }

    private static byte[] Png(int width, int height)
    {
        using var image = Busy(width, height);
        using var s = new MemoryStream();
        image.SaveAsPng(s);
        return s.ToArray();
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var image = Busy(width, height);
        using var s = new MemoryStream();
        image.SaveAsJpeg(s);
        return s.ToArray();
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(bytes, 0);
        new Random(7).NextBytes(bytes.AsSpan(16, size - 64));
        Encoding.ASCII.GetBytes("\n%%EOF\n").CopyTo(bytes, size - 8);
        return bytes;
    }
}
