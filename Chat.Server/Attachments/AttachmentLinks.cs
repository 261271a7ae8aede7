using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Chat.Server.Attachments;

/// <summary>
/// Short-lived download links. A link names the attachment, the one viewer it was made for and its expiry, sealed
/// with the data-protection key ring every instance shares; the download still requires that viewer's own sign-in,
/// so a link copied to someone else (or found in a log) opens nothing, and after expiry it opens nothing for anyone.
/// </summary>
public sealed class AttachmentLinks(IDataProtectionProvider protection, TimeProvider time, IOptions<AttachmentOptions> options)
{
    private readonly IDataProtector protector = protection.CreateProtector("Chat.Attachments.Links.v1");

    public (string Token, DateTimeOffset ExpiresAt) Create(Guid attachmentId, string viewer)
    {
        var expires = time.GetUtcNow() + options.Value.LinkLifetime;
        var payload = string.Join('|', attachmentId.ToString("N"), viewer, expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return (protector.Protect(payload), expires);
    }

    /// <summary>Null when the token is genuine, for this attachment and viewer, and not expired; otherwise why not ("expired" or "invalid").</summary>
    public string? Check(string? token, Guid attachmentId, string viewer)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "invalid";
        }

        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return "invalid";
        }

        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] != attachmentId.ToString("N") || parts[1] != viewer
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires))
        {
            return "invalid";
        }

        return time.GetUtcNow().ToUnixTimeMilliseconds() >= expires ? "expired" : null;
    }
}
