using System.Text.Json;
using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Attachments;

/// <summary>The attachments a message carries, kept with the message as JSON (<c>messages.attachments</c>).</summary>
public static class AttachmentJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(IReadOnlyList<AttachmentInfo> attachments) =>
        attachments.Count == 0 ? null : JsonSerializer.Serialize(attachments, Options);

    /// <summary>Null when none; every file marked withheld when the message itself is withheld from the viewer.</summary>
    public static IReadOnlyList<AttachmentInfo>? Read(string? json, bool withheldFromViewer)
    {
        if (string.IsNullOrEmpty(json) || JsonSerializer.Deserialize<AttachmentInfo[]>(json, Options) is not { Length: > 0 } attachments)
        {
            return null;
        }

        return withheldFromViewer ? [.. attachments.Select(a => a with { Withheld = true })] : attachments;
    }
}
