using Microsoft.AspNetCore.Components;
using QRCoder;

namespace Chat.Agent.Account;

/// <summary>
/// The enrolment QR code as inline SVG (the console's CSP loads images from itself only; inline SVG is markup of our
/// own, drawn from the otpauth URI the server made, never from anything a person typed).
/// </summary>
public static class QrCode
{
    public static MarkupString Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new MarkupString(new SvgQRCode(data).GetGraphic(5));
    }

    /// <summary>The base32 key in groups of four, easier to type into an app.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4)))));
}
