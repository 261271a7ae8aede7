using System.Security.Claims;

namespace Chat.Agent.Account;

/// <summary>What the console's sign-in cookie holds about a staff member: who, which role, and Chat.Server's bearer token.</summary>
public static class StaffUser
{
    public const string TokenClaim = "chat_token";
    public const string UsernameClaim = "username";
    public const string SupervisorRole = "supervisor";
    public const string SupervisorPolicy = "supervisor";

    public static string StaffToken(this ClaimsPrincipal user) => user.FindFirstValue(TokenClaim) ?? string.Empty;

    public static Guid StaffId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public static bool IsSupervisor(this ClaimsPrincipal user) => user.IsInRole(SupervisorRole);
}
