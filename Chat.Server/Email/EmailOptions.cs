using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Chat.Server.Email;

/// <summary>One mail server connection: host, port, TLS mode and credentials (from configuration, never the repository).</summary>
public sealed class MailServerOptions
{
    /// <summary>Empty turns the connection off (for IMAP: no mail is read).</summary>
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The helpdesk's address: mail comes from it, replies go to it (tickets use local+TOKEN@domain).</summary>
    [Required]
    [EmailAddress]
    public string Address { get; set; } = "helpdesk@lpse.test";

    [Required]
    public string DisplayName { get; set; } = "HELPDESK LPSE Kabupaten Tanah Laut";

    /// <summary>Where the widget lives, for mail that asks people to use it.</summary>
    public string SiteUrl { get; set; } = "https://lpse.tanahlautkab.go.id/";

    public MailServerOptions Smtp { get; set; } = new() { Host = "127.0.0.1", Port = 2525 };

    public MailServerOptions Imap { get; set; } = new() { Port = 993, Security = SecureSocketOptions.SslOnConnect };

    /// <summary>The IMAP folder the helpdesk's incoming mail is read from.</summary>
    public string ImapFolder { get; set; } = "INBOX";

    /// <summary>How often the outbox is checked for mail that is due.</summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry after a failed send; doubles each time up to <see cref="RetryMax"/>. Mail is never dropped.</summary>
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 500)]
    public int OutboxBatch { get; set; } = 20;

    /// <summary>Polling interval when the server has no IDLE, and the longest IDLE before checking again.</summary>
    public TimeSpan ImapPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after the mailbox could not be reached; doubles up to <see cref="RetryMax"/>.</summary>
    public TimeSpan ImapRetryFirst { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Incoming mail larger than this is not read (the sender is told).</summary>
    [Range(1024, 100_000_000)]
    public int MaxInboundBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Files of a staff reply attached to its mail, in total; further files are named in the mail instead.</summary>
    [Range(0, 100_000_000)]
    public int MaxAttachedBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Only mail addressed to <see cref="Address"/> (or its +tags) is taken from a shared mailbox.</summary>
    public bool OnlyAddressedToHelpdesk { get; set; } = true;

    /// <summary>Tell an agent (who has an email address) when a ticket is assigned to them.</summary>
    public bool NotifyAgentOnAssignment { get; set; } = true;

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 20)]
    public int CodeAttempts { get; set; } = 5;

    /// <summary>Codes sent to one address per hour, whoever asks.</summary>
    [Range(1, 1000)]
    public int CodesPerAddressPerHour { get; set; } = 5;

    /// <summary>Codes one client address may ask for per hour.</summary>
    [Range(1, 100_000)]
    public int CodesPerClientPerHour { get; set; } = 30;

    public string LocalPart => Address[..Address.IndexOf('@', StringComparison.Ordinal)];

    public string Domain => Address[(Address.IndexOf('@', StringComparison.Ordinal) + 1)..];

    /// <summary>The reply address of one ticket.</summary>
    public string TicketAddress(string token) => $"{LocalPart}+{token}@{Domain}";
}
