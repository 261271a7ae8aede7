using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Attachments;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Chat.Server.RateLimits;
using Chat.Server.Routing;
using Chat.Server.Security;
using Microsoft.Extensions.Options;

namespace Chat.Server.Tickets;

public static class TicketEndpoints
{
    private const int MaxEntryLength = 4000;

    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TicketStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/tickets").RequireAuthorization(ChatClaims.StaffPolicy);
        // Need-to-know: agents list and open only the tickets they may see (StaffAccess.TicketVisibleToAgent);
        // supervisors all. Every list and every opened ticket is a read of visitors' data, so it is audited.
        staff.MapGet("/", async (TicketStatus? status, string? topic, Guid? assignee, int? limit, int? offset, TicketStore tickets, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (topic is not null && !Topics.IsKnown(topic))
            {
                throw ChatError.BadRequest(HubErrors.InvalidTopic, "InvalidTopic", string.Join(", ", Topics.All));
            }

            var list = await tickets.ListAsync(new TicketFilter(status, topic, assignee, null, limit ?? 100, offset ?? 0, user.IsSupervisor() ? null : user.Id()), ct);
            await audit.AppendAsync(AuditEntry.Staff(user, "ticket.list", null, new { status = status?.ToString(), topic, assignee, count = list.Count }), ct);
            return list;
        });
        staff.MapGet("/{number}", async (string number, TicketStore tickets, StaffAccess access, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var ticket = await RequireVisibleAsync(number, tickets, access, user, ct);
            await audit.AppendAsync(AuditEntry.Staff(user, "ticket.read", ticket.VisitorId, new { number = ticket.Number }), ct);
            return await DetailAsync(ticket, tickets, new Viewer(SenderRole.Agent, user.Id(), user.IsSupervisor()), true, ct);
        });
        staff.MapPatch("/{number}", async (string number, UpdateTicketRequest request, TicketStore tickets, StaffStore staffStore, StaffAccess access, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var ticket = await RequireVisibleAsync(number, tickets, access, user, ct);
            var from = TicketStore.ParseStatus(ticket.Status);
            if (request.Status is { } to && !TicketWorkflow.CanMove(from, to))
            {
                throw ChatError.Conflict("invalid_transition", "TicketTransitionInvalid", from, to);
            }

            if (request.AssigneeId is { } assignee && await staffStore.GetAsync(assignee, ct) is not { Active: true })
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "assigneeId");
            }

            if (!await tickets.UpdateAsync(ticket.Id, ticket.Status, request.Status, request.AssigneeId, request.Unassign == true, ct))
            {
                // Someone else changed it first; the caller sees the new state and decides again.
                throw ChatError.Conflict("concurrent_update", "TicketTransitionInvalid", from, request.Status);
            }

            if (request.Status is { } changed && changed != from)
            {
                await tickets.AddEntryAsync(ticket.Id, SenderRole.System, user.Id(), user.DisplayName(), $"Status: {from} → {changed}", true, ct);
            }

            return await DetailAsync(await RequireAsync(number, tickets, ct), tickets, new Viewer(SenderRole.Agent, user.Id(), user.IsSupervisor()), true, ct);
        });
        staff.MapPost("/{number}/entries", async (string number, AddTicketEntryRequest request, TicketStore tickets, StaffAccess access, ContentGate gate, AttachmentRecords attachments,
            IOptions<AttachmentOptions> limits, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var ticket = await RequireVisibleAsync(number, tickets, access, user, ct);
            var files = await attachments.RequireForTicketAsync(request.AttachmentIds, user.Id(), ticket.Id, limits.Value.MaxFilesPerMessage, ct);
            var text = ValidEntry(request.Text, files.Count > 0);
            var flag = gate.Ensure("FieldTicketEntry", text, SenderRole.Agent);
            var entry = await tickets.AddEntryAsync(ticket.Id, SenderRole.Agent, user.Id(), user.DisplayName(), text, request.Internal, ct, files);
            await gate.QueueAsync(SenderRole.Agent, user.Id(), ct, flag?.About(entry));
            return await DetailAsync(ticket, tickets, new Viewer(SenderRole.Agent, user.Id(), user.IsSupervisor()), true, ct);
        }).RequireLimit(RequestLimit.TicketEntry);

        var mine = app.MapGroup("/api/visitors/me/tickets").RequireAuthorization(ChatClaims.VisitorPolicy);
        mine.MapGet("/", (ClaimsPrincipal user, TicketStore tickets, CancellationToken ct) =>
            tickets.ListAsync(new TicketFilter(null, null, null, user.Id()), ct));
        mine.MapGet("/{number}", async (string number, ClaimsPrincipal user, TicketStore tickets, CancellationToken ct) =>
        {
            var ticket = await RequireOwnAsync(number, user.Id(), tickets, ct);
            return await DetailAsync(ticket, tickets, new Viewer(SenderRole.Visitor, user.Id(), false), false, ct);
        });
        mine.MapPost("/", CreateOfflineAsync).RequireActiveVisitor().RequireLimit(RequestLimit.Ticket);
        mine.MapPost("/{number}/entries", async (string number, AddTicketEntryRequest request, ClaimsPrincipal user, TicketStore tickets, ContentGate gate,
            AttachmentRecords attachments, IOptions<AttachmentOptions> limits, CancellationToken ct) =>
        {
                var ticket = await RequireOwnAsync(number, user.Id(), tickets, ct);
            if (ticket.Status == "closed")
            {
                throw ChatError.Conflict("ticket_closed", "TicketTransitionInvalid", TicketStatus.Closed, TicketStatus.Open);
            }

            var files = await attachments.RequireForTicketAsync(request.AttachmentIds, user.Id(), ticket.Id, limits.Value.MaxFilesPerMessage, ct);
            var text = ValidEntry(request.Text, files.Count > 0);
            var flag = gate.Ensure("FieldTicketEntry", text, SenderRole.Visitor);
            var entry = await tickets.AddEntryAsync(ticket.Id, SenderRole.Visitor, user.Id(), user.DisplayName(), text, false, ct, files);
            await gate.QueueAsync(SenderRole.Visitor, user.Id(), ct, flag?.About(entry));
            if (ticket.Status is "pending" or "resolved")
            {
                // The visitor answered: the helpdesk has the next move again.
                await tickets.UpdateAsync(ticket.Id, ticket.Status, TicketStatus.Open, null, false, ct);
            }

            return await DetailAsync(await RequireAsync(number, tickets, ct), tickets, new Viewer(SenderRole.Visitor, user.Id(), false), false, ct);
        }).RequireActiveVisitor().RequireLimit(RequestLimit.TicketEntry);
        return app;
    }

    private static async Task<IResult> CreateOfflineAsync(
        CreateTicketRequest request, ClaimsPrincipal user, TicketStore tickets, BusinessHours hours, Router router, ContentGate gate, AttachmentRecords attachments,
        IOptions<AttachmentOptions> limits, CancellationToken ct)
    {
        if (!Topics.IsKnown(request.Topic))
        {
            throw ChatError.BadRequest(HubErrors.InvalidTopic, "InvalidTopic", string.Join(", ", Topics.All));
        }

        var message = ValidEntry(request.Message);
        var subject = HumanText.Clean(request.Subject);
        if (subject is { Length: > 200 })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "SubjectTooLong");
        }

        var subjectFlag = gate.Ensure("FieldSubject", subject, SenderRole.Visitor);
        var messageFlag = gate.Ensure("FieldOfflineMessage", message, SenderRole.Visitor);
        var files = await attachments.RequireForTicketAsync(request.AttachmentIds, user.Id(), null, limits.Value.MaxFilesPerMessage, ct);

        var source = !hours.IsOpen() ? TicketSource.AfterHours
            : (await router.PlaceAsync(request.Topic)).AgentsOnline == 0 ? TicketSource.NoAgentOnline
            : TicketSource.OfflineForm;
        var firstLine = message.Split('\n', 2)[0];
        var (number, ticketId, entryId) = await tickets.CreateAsync(user.Id(), user.DisplayName(), request.Topic,
            string.IsNullOrEmpty(subject) ? (firstLine.Length <= 120 ? firstLine : firstLine[..119] + "…") : subject, message, source, ct, files);
        await gate.QueueAsync(SenderRole.Visitor, user.Id(), ct, subjectFlag?.About(ticketId), messageFlag?.About(entryId));
        var created = await tickets.GetAsync(number, ct);
        return Results.Created($"/api/visitors/me/tickets/{number}", created!.ToSummary());
    }

    /// <summary>The entry's text; it may be empty only when files carry the entry.</summary>
    private static string ValidEntry(string? text, bool withFiles = false)
    {
        var trimmed = HumanText.Clean(text) ?? (withFiles ? string.Empty : null);
        if (trimmed is null || (trimmed.Length == 0 && !withFiles) || trimmed.Length > MaxEntryLength)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "TicketMessageRequired", MaxEntryLength);
        }

        return trimmed;
    }

    /// <summary>The ticket, when the staff member may see it; 403 for an agent it is not meant for.</summary>
    private static async Task<TicketRow> RequireVisibleAsync(string number, TicketStore tickets, StaffAccess access, ClaimsPrincipal user, CancellationToken ct)
    {
        var ticket = await RequireAsync(number, tickets, ct);
        return user.IsSupervisor() || await access.AgentMayReadTicketAsync(user.Id(), ticket.Id, ct)
            ? ticket
            : throw ChatError.Forbidden("ticket_not_yours", "TicketNotYours");
    }

    private static async Task<TicketRow> RequireAsync(string number, TicketStore tickets, CancellationToken ct)
    {
        if (!TicketWorkflow.IsWellFormedNumber(number))
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "TL-YYYY-NNNNNN");
        }

        return await tickets.GetAsync(number, ct) ?? throw ChatError.NotFound("ticket_not_found", "TicketNotFound");
    }

    private static async Task<TicketRow> RequireOwnAsync(string number, Guid visitorId, TicketStore tickets, CancellationToken ct)
    {
        var ticket = await RequireAsync(number, tickets, ct);
        return ticket.VisitorId == visitorId ? ticket : throw ChatError.NotFound("ticket_not_found", "TicketNotFound");
    }

    private static async Task<TicketDetail> DetailAsync(TicketRow ticket, TicketStore tickets, Viewer viewer, bool includeInternal, CancellationToken ct)
    {
        var entries = await tickets.EntriesAsync(ticket.Id, includeInternal, ct);

        // The row again, read after the entries: an entry and the status change it causes (a visitor's answer reopens
        // the ticket) commit together, so the status shown is never older than the entries shown.
        ticket = await tickets.GetAsync(ticket.Number, ct) ?? ticket;
        var transcript = ticket.ConversationId is { } c ? await tickets.TranscriptAsync(c, ct) : [];
        return new TicketDetail(ticket.ToSummary(), [.. entries.Select(e => e.ToEntry(viewer))], [.. transcript.Select(m => m.ToMessage(viewer))]);
    }
}
