using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// The real test mail server (smtp4dev): reads what the product sent over IMAP (user "kotak" sees every mail not
/// addressed to the helpdesk) and sends mail into it over SMTP, as a visitor's mail program would.
/// </summary>
public static partial class MailServer
{
    /// <summary>Mail to <paramref name="to"/>, waited for within the bound until <paramref name="count"/> are there.</summary>
    public static Task<IReadOnlyList<MimeMessage>> WaitForAsync(string to, int count = 1, string user = "kotak") =>
        Wait.UntilAsync(() => InboxAsync(to, user), m => m.Count >= count, $"{count} mail(s) to {to}", TimeSpan.FromSeconds(40));

    public static async Task<IReadOnlyList<MimeMessage>> InboxAsync(string to, string user = "kotak")
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", TestServices.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(user, TestServices.MailPassword);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await imap.Inbox.SearchAsync(SearchQuery.ToContains(to));
        var messages = new List<MimeMessage>();
        foreach (var uid in uids)
        {
            var message = await imap.Inbox.GetMessageAsync(uid);
            // SEARCH TO matches substrings; keep exact recipients only.
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(message);
            }
        }

        await imap.DisconnectAsync(true);
        return messages;
    }

    public static async Task SendAsync(MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", TestServices.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    /// <summary>The six-digit code in a code mail's text part.</summary>
    public static string CodeIn(MimeMessage message) => SixDigits().Match(message.TextBody ?? string.Empty).Groups[1].Value;

    [GeneratedRegex(@"(?m)^(\d{6})\r?$")]
    private static partial Regex SixDigits();
}
