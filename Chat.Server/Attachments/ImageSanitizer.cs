using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

namespace Chat.Server.Attachments;

/// <summary>The outcome of re-encoding an image.</summary>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
/// <param name="Problem">Null when <c>output</c> holds the clean image; "too_large" or "corrupt" otherwise.</param>
public sealed record SanitizedImage(int Width, int Height, string? Problem);

/// <summary>
/// Decodes an image and encodes it again, in its own format, with ImageSharp 2.x: what is stored and served is pixels
/// only, so EXIF (GPS position, camera serial), XMP, IPTC, ICC and PNG text chunks are gone, and a crafted file
/// meant for a viewer's decoder never reaches one. The size is read from the header first (<c>Image.Identify</c>), so
/// a decompression bomb is refused before any pixel buffer is allocated. EXIF orientation is applied before the
/// metadata goes, so a phone photo still stands upright.
/// </summary>
public static class ImageSanitizer
{
    public static SanitizedImage Sanitize(Stream input, FileKind kind, Stream output, AttachmentOptions options)
    {
        var configuration = Configuration.Default;
        try
        {
            input.Position = 0;
            var info = Image.Identify(configuration, input, out var format);
            if (info is null || format is null || !Matches(format, kind))
            {
                return new(0, 0, "corrupt");
            }

            if (info.Width > options.MaxImageSide || info.Height > options.MaxImageSide || (long)info.Width * info.Height > options.MaxImagePixels)
            {
                return new(info.Width, info.Height, "too_large");
            }

            input.Position = 0;
            using var image = Image.Load(configuration, input);
            image.Mutate(x => x.AutoOrient());
            Strip(image);
            image.Save(output, Encoder(kind));
            return new(image.Width, image.Height, null);
        }
        catch (ImageFormatException)
        {
            // Truncated or malformed data (InvalidImageContentException, UnknownImageFormatException).
            return new(0, 0, "corrupt");
        }
    }

    private static bool Matches(IImageFormat format, FileKind kind) =>
        (kind == FileKinds.Png && format == PngFormat.Instance)
        || (kind == FileKinds.Jpeg && format == JpegFormat.Instance)
        || (kind == FileKinds.Webp && format == WebpFormat.Instance);

    private static void Strip(Image image)
    {
        image.Metadata.ExifProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.IccProfile = null;
        image.Metadata.GetPngMetadata().TextData.Clear();
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IccProfile = null;
        }
    }

    private static IImageEncoder Encoder(FileKind kind) =>
        kind == FileKinds.Png ? new PngEncoder()
        : kind == FileKinds.Jpeg ? new JpegEncoder { Quality = 90 }
        : new WebpEncoder { Quality = 90 };
}
