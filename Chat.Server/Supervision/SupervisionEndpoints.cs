using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Notes;
using Chat.Server.Resources;
using Chat.Server.Security;
using Chat.Server.Tickets;

namespace Chat.Server.Supervision;

public static class SupervisionEndpoints
{
    private const int MaxField = 300;

    public static WebApplicationBuilder AddSupervision(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VisitorRecordStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        // Agents see the visitor they are helping (a chat or ticket of theirs), with earlier chats and tickets; every read is audited.
        app.MapGet("/api/staff/visitors/{id:guid}/history", async (
            Guid id, ClaimsPrincipal user, VisitorStore visitors, VisitorRecordStore records, TicketStore tickets, StaffAccess access, AuditLog audit, CancellationToken ct) =>
        {
            if (!user.IsSupervisor() && !await access.AgentMayReadVisitorAsync(user.Id(), id, ct))
            {
                throw ChatError.Forbidden(HubErrors.Forbidden, "Forbidden");
            }

            var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
            await audit.AppendAsync(AuditEntry.Staff(user, "visitor.history.read", id), ct);
            return new VisitorHistory(visitor.ToProfile(), visitor.Status, visitor.StatusReason, await records.ChatsAsync(id, 50, ct),
                await tickets.ListAsync(new TicketFilter(null, null, null, id, 50), ct));
        }).RequireAuthorization(ChatClaims.StaffPolicy);

        var group = app.MapGroup("/api/supervision").RequireAuthorization(ChatClaims.SupervisorPolicy);
        group.MapGet("/visitors", async (string? q, VisitorRecordStore records, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q) || q.Length > 200)
            {
                return [];
            }

            var found = await records.SearchAsync(q.Trim(), ct);
            await audit.AppendAsync(AuditEntry.Staff(user, "visitor.search", null, new { query = q.Trim(), results = found.Count }), ct);
            return found;
        });
        group.MapPost("/policy", PublishPolicyAsync);
        group.MapPost("/visitors/{id:guid}/close", CloseAsync);
        app.MapStaffAdmin();
        return app;
    }

    private static async Task<PolicyVersion> PublishPolicyAsync(
        PublishPolicyRequest request, PolicyStore policies, ClaimsPrincipal user, CancellationToken ct)
    {
        var title = HumanText.Clean(request.Title);
        var text = HumanText.Clean(request.Text);
        if (string.IsNullOrEmpty(title) || title.Length > 200 || string.IsNullOrEmpty(text) || text.Length > 100_000)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "PolicyFieldsRequired");
        }

        return await policies.PublishAsync(title, text, user.Id(), ct);
    }

    private static async Task<IResult> CloseAsync(
        Guid id,
        CloseVisitorRequest request,
        VisitorStore visitors,
        ConversationStore conversations,
        ConversationCloser closer,
        Notifier notifier,
        SessionSignals sessions,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        var reason = HumanText.Clean(request.Reason);
        var clause = string.IsNullOrWhiteSpace(request.Clause) ? null : request.Clause.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxField || clause is { Length: > 20 })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "CloseReasonRequired");
        }

        _ = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
        await visitors.SetStatusAsync(id, "closed", reason, clause, null, AuditEntry.Staff(user, "visitor.close", id, new { reason, clause }), ct);
        if (await conversations.FindOpenForVisitorAsync(id, ct) is { } open)
        {
            await closer.TerminateAsync(open.Id, Text.Stored("AccountClosedByHelpdesk", reason), clause ?? "1", ct);
        }

        await notifier.Visitor(id).AccountSuspended(new AccountSuspended(reason, clause, null));
        await sessions.AccountChangedAsync(SenderRole.Visitor, id);
        return Results.NoContent();
    }
}
