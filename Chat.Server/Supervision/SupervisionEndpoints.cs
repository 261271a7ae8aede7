using System.Security.Claims;
using Chat.Server.Accounts;
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
        // Agents see the visitor they are helping, with earlier chats and tickets.
        app.MapGet("/api/staff/visitors/{id:guid}/history", async (Guid id, VisitorStore visitors, VisitorRecordStore records, TicketStore tickets, CancellationToken ct) =>
        {
            var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
            return new VisitorHistory(visitor.ToProfile(), visitor.Status, visitor.StatusReason, await records.ChatsAsync(id, 50, ct),
                await tickets.ListAsync(new TicketFilter(null, null, null, id, 50), ct));
        }).RequireAuthorization(ChatClaims.StaffPolicy);

        var group = app.MapGroup("/api/supervision").RequireAuthorization(ChatClaims.SupervisorPolicy);
        group.MapGet("/visitors", async (string? q, VisitorRecordStore records, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(q) || q.Length > 200 ? [] : await records.SearchAsync(q.Trim(), ct));
        group.MapPost("/policy", PublishPolicyAsync);
        group.MapPost("/visitors/{id:guid}/export", ExportAsync);
        group.MapPost("/visitors/{id:guid}/close", CloseAsync);
        app.MapStaffAdmin();
        return app;
    }

    private static async Task<PolicyVersion> PublishPolicyAsync(
        PublishPolicyRequest request, PolicyStore policies, VisitorRecordStore records, ClaimsPrincipal user, CancellationToken ct)
    {
        var title = request.Title?.Trim();
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200 || string.IsNullOrEmpty(text) || text.Length > 100_000)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "PolicyFieldsRequired");
        }

        var published = await policies.PublishAsync(title, text, user.Id(), ct);
        await records.AuditAsync(user.Id(), "policy_publish", null, new { published.Version, published.Title }, ct);
        return published;
    }

    /// <summary>Clause 5: everything held about the visitor, for a lawful request; the request is audited before the data leaves.</summary>
    private static async Task<VisitorExport> ExportAsync(
        Guid id,
        ExportVisitorRequest request,
        VisitorStore visitors,
        VisitorRecordStore records,
        ConversationStore conversations,
        NoteStore notes,
        TicketStore tickets,
        TimeProvider time,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        var body = request.RequestingBody?.Trim();
        var reference = request.Reference?.Trim();
        if (string.IsNullOrEmpty(body) || body.Length > MaxField || string.IsNullOrEmpty(reference) || reference.Length > MaxField)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "ExportFieldsRequired");
        }

        var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
        await records.AuditAsync(user.Id(), "visitor_export", id, new { requestingBody = body, reference }, ct);

        var supervisor = new Viewer(SenderRole.Agent, user.Id(), true);
        var chats = new List<ExportedChat>();
        foreach (var chat in await records.ChatsAsync(id, 10_000, ct))
        {
            var messages = await conversations.MessagesAfterAsync(chat.ConversationId, 0, int.MaxValue, ct);
            chats.Add(new ExportedChat(chat, [.. messages.Select(m => m.ToMessage(supervisor))], await notes.ListAsync(chat.ConversationId, ct)));
        }

        var ticketDetails = new List<TicketDetail>();
        foreach (var summary in await tickets.ListAsync(new TicketFilter(null, null, null, id, 500), ct))
        {
            var row = await tickets.GetAsync(summary.Number, ct);
            if (row is null)
            {
                continue;
            }

            var entries = await tickets.EntriesAsync(row.Id, true, ct);
            ticketDetails.Add(new TicketDetail(summary, [.. entries.Select(e => e.ToEntry())], []));
        }

        return new VisitorExport(time.GetUtcNow(), body, reference, visitor.ToProfile(), visitor.Status, await records.AcceptedVersionsAsync(id, ct), chats, ticketDetails);
    }

    private static async Task<IResult> CloseAsync(
        Guid id,
        CloseVisitorRequest request,
        VisitorStore visitors,
        VisitorRecordStore records,
        ConversationStore conversations,
        ConversationCloser closer,
        Notifier notifier,
        SessionSignals sessions,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        var clause = string.IsNullOrWhiteSpace(request.Clause) ? null : request.Clause.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxField || clause is { Length: > 20 })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "CloseReasonRequired");
        }

        _ = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
        await visitors.SetStatusAsync(id, "closed", reason, clause, null, ct);
        await records.AuditAsync(user.Id(), "visitor_close", id, new { reason, clause }, ct);
        if (await conversations.FindOpenForVisitorAsync(id, ct) is { } open)
        {
            await closer.TerminateAsync(open.Id, Text.Stored("AccountClosedByHelpdesk", reason), clause ?? "1", ct);
        }

        await notifier.Visitor(id).AccountSuspended(new AccountSuspended(reason, clause, null));
        await sessions.AccountChangedAsync(SenderRole.Visitor, id);
        return Results.NoContent();
    }
}
