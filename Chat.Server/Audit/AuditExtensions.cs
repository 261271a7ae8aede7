using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;

namespace Chat.Server.Audit;

public static class AuditExtensions
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }

    /// <summary>GET /api/supervision/audit: supervisors search the audit log (who, what, which visitor, when), newest first.</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/supervision/audit", async ([AsParameters] AuditSearch search, AuditLog audit, CancellationToken ct) =>
        {
            if (search.Actor is { Length: > 100 } || search.Action is { Length: > 100 } || search.Limit is < 1 or > 500 || (search.From is { } f && search.To is { } t && f > t))
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "query");
            }

            return await audit.SearchAsync(new AuditQuery(search.ActorId, search.Actor, search.Action, search.Subject, search.From, search.To, search.Before, search.Limit ?? 100), ct);
        }).RequireAuthorization(ChatClaims.SupervisorPolicy);
        return app;
    }

    /// <summary>Query string of the audit search.</summary>
    /// <param name="ActorId">Exactly this staff member.</param>
    /// <param name="Actor">Part of a staff member's username or display name.</param>
    /// <param name="Action">Action prefix, e.g. <c>visitor.</c> or <c>staff.signin</c>.</param>
    /// <param name="Subject">The visitor (or staff member, conversation) the entry is about.</param>
    /// <param name="From">From this time (inclusive).</param>
    /// <param name="To">Until this time (exclusive).</param>
    /// <param name="Before">Entries older than this id (the next page).</param>
    /// <param name="Limit">At most this many (1–500, default 100).</param>
    public sealed record AuditSearch(Guid? ActorId, string? Actor, string? Action, Guid? Subject, DateTimeOffset? From, DateTimeOffset? To, long? Before, int? Limit);
}
