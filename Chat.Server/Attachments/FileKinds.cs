namespace Chat.Server.Attachments;

/// <summary>A type of file the helpdesk accepts, recognised by its content.</summary>
/// <param name="Name">Configuration name (<c>Attachments:AllowedTypes</c>).</param>
/// <param name="ContentType">Served as.</param>
/// <param name="Extensions">Names a file of this type may carry; the first is added to a name without one.</param>
/// <param name="Image">Decoded and re-encoded (metadata removed); may be shown inline.</param>
public sealed record FileKind(string Name, string ContentType, string[] Extensions, bool Image);

public static class FileKinds
{
    public static readonly FileKind Png = new("png", "image/png", [".png"], true);
    public static readonly FileKind Jpeg = new("jpeg", "image/jpeg", [".jpg", ".jpeg"], true);
    public static readonly FileKind Webp = new("webp", "image/webp", [".webp"], true);
    public static readonly FileKind Pdf = new("pdf", "application/pdf", [".pdf"], false);
    public static readonly FileKind Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"], false);
    public static readonly FileKind Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"], false);
    public static readonly FileKind Zip = new("zip", "application/zip", [".zip"], false);
    public static readonly FileKind Txt = new("txt", "text/plain; charset=utf-8", [".txt", ".log"], false);
    public static readonly FileKind Csv = new("csv", "text/csv; charset=utf-8", [".csv"], false);

    public static readonly IReadOnlyList<FileKind> All = [Png, Jpeg, Webp, Pdf, Docx, Xlsx, Zip, Txt, Csv];

    public static FileKind? Find(string name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The type whose extension a name carries, for the "content does not match the name" message.</summary>
    public static FileKind? ByExtension(string extension) =>
        All.FirstOrDefault(k => k.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
}
