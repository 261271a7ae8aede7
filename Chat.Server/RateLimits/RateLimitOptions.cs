namespace Chat.Server.RateLimits;

/// <summary>
/// Limits on the writes that cost the service (or a person's mailbox) something, counted in Redis so every instance
/// counts together. Registration and sign-in keep their settings in <see cref="Accounts.AccountOptions"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Offline-form tickets one visitor may open per hour.</summary>
    public int TicketsPerHour { get; set; } = 10;

    /// <summary>Ticket replies one account (visitor or staff) may add per minute.</summary>
    public int TicketEntriesPerMinute { get; set; } = 20;

    /// <summary>E-mail code requests (sign-in or verification) per client address or visitor per minute, on top of the hourly limits per address in <c>Email:*</c>.</summary>
    public int CodeRequestsPerMinute { get; set; } = 5;
}

/// <summary>Who may say where a request came from: <c>X-Forwarded-For</c> is believed only from these (none by default).</summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of reverse proxies, and of the agent console (it forwards the staff member's address at sign-in).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of such proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
