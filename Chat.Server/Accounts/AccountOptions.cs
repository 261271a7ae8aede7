namespace Chat.Server.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    public TimeSpan VisitorTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins in a row before a staff account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
