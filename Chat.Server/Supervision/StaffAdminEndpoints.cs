using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Presence;
using Chat.Server.Security;

namespace Chat.Server.Supervision;

/// <summary>Supervisors deactivate, reactivate and reset staff accounts; every change revokes the account's tokens and is audited.</summary>
public static class StaffAdminEndpoints
{
    public static IEndpointRouteBuilder MapStaffAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervision/staff/{id:guid}").RequireAuthorization(ChatClaims.SupervisorPolicy);
        group.MapPost("/active", SetActiveAsync);
        group.MapPost("/password", ResetPasswordAsync);
        return app;
    }

    private static async Task<StaffMember> SetActiveAsync(
        Guid id,
        SetStaffActiveRequest request,
        StaffStore staff,
        AgentPresenceService presence,
        Conversations.Notifier notifier,
        SessionSignals sessions,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (id == user.Id() && !request.Active)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "id");
        }

        _ = await staff.GetAsync(id, ct) ?? throw ChatError.NotFound(HubErrors.InvalidArgument, "InvalidArgument", "id");
        await staff.SetActiveAsync(id, request.Active, AuditEntry.Staff(user, request.Active ? "staff.activate" : "staff.deactivate", id), ct);

        // Close their open connections on every instance first, so that nothing they still hold can set them online again.
        await sessions.AccountChangedAsync(SenderRole.Agent, id, closeConnections: !request.Active);
        if (!request.Active)
        {
            // Their chats go back to the queue at once instead of waiting for the heartbeat to expire.
            var state = await presence.SetAsync(id, new SetPresenceRequest(PresenceStatus.Offline, null, null), ct);
            await notifier.Agent(id).StateChanged(state);
        }

        return (await staff.GetAsync(id, ct))!.ToMember();
    }

    private static async Task<IResult> ResetPasswordAsync(
        Guid id, ResetStaffPasswordRequest request, StaffStore staff, SessionSignals sessions, ClaimsPrincipal user, CancellationToken ct)
    {
        // Separation of duties: a supervisor's own password is reset by a colleague (who is audited doing it), so a
        // stolen supervisor session cannot quietly take the account over.
        if (id == user.Id())
        {
            throw ChatError.Forbidden("own_account", "OwnAccountReset");
        }

        if (request.Password is not { Length: >= 10 and <= 200 })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "PasswordWeak");
        }

        var member = await staff.GetAsync(id, ct) ?? throw ChatError.NotFound(HubErrors.InvalidArgument, "InvalidArgument", "id");
        await staff.ResetPasswordAsync(member, request.Password, AuditEntry.Staff(user, "staff.password_reset", id), ct);
        await sessions.AccountChangedAsync(SenderRole.Agent, id);
        return Results.NoContent();
    }
}
