using System.Security.Claims;
using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Accounts;

/// <summary>Claim names and policies of the chat token scheme.</summary>
public static class ChatClaims
{
    public const string Scheme = "ChatToken";
    public const string Subject = "sub";
    public const string Kind = "kind";
    public const string Name = "name";
    public const string Version = "ver";
    public const string Expires = "exp";

    public const string VisitorPolicy = "visitor";
    public const string StaffPolicy = "staff";
    public const string SupervisorPolicy = "supervisor";

    public static Guid Id(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Subject), out var id) ? id : throw new InvalidOperationException("The caller has no subject claim.");

    /// <summary>When the bearer token expires; an open connection is closed then.</summary>
    public static DateTimeOffset TokenExpires(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(Expires), System.Globalization.CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : DateTimeOffset.MinValue;

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(Name) ?? string.Empty;

    public static bool IsVisitor(this ClaimsPrincipal user) => user.HasClaim(Kind, "visitor");

    public static bool IsStaff(this ClaimsPrincipal user) => user.HasClaim(Kind, "staff");

    public static bool IsSupervisor(this ClaimsPrincipal user) => user.IsInRole("supervisor");

    public static SenderRole Role(this ClaimsPrincipal user) => user.IsVisitor() ? SenderRole.Visitor : SenderRole.Agent;

    /// <summary>The SignalR user id: visitors and staff live in separate id spaces.</summary>
    public static string UserIdFor(SenderRole role, Guid id) => (role == SenderRole.Visitor ? "v:" : "s:") + id.ToString("N");
}
