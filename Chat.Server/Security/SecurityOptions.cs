namespace Chat.Server.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// How long a hub call may rely on an account check already made. Revocation signals clear the cache at once;
    /// the lifetime only bounds how stale it can be if a signal is lost.
    /// </summary>
    public TimeSpan AccountCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A suspended or closed visitor's connections close this long after the signal, so that the notice saying why
    /// (sent just before, through the backplane) reaches the widget first. Their writes are refused at once.
    /// </summary>
    public TimeSpan VisitorCloseGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each instance closes connections whose token has expired.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
