namespace Chat.Server.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>A visitor's token; the widget renews it silently halfway through, so only an unused one runs out.</summary>
    public TimeSpan VisitorTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins to one account from one address before that address must wait for the window to pass.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failed sign-ins from one address, over all accounts, before it must wait.</summary>
    public int MaxFailedLoginsPerAddress { get; set; } = 20;

    /// <summary>The failure window; counters start again from zero when it ends.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong second-factor codes for one account (from any address) before its code step waits for the window.</summary>
    public int MaxFailedCodes { get; set; } = 10;

    /// <summary>Agents must sign in with a second factor too (supervisors always must).</summary>
    public bool TwoFactorForAgents { get; set; }

    /// <summary>Registrations per client address per minute (form floods).</summary>
    public int RegistrationsPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts per client address per minute, on top of the per-account lockout.</summary>
    public int LoginsPerMinute { get; set; } = 30;
}
