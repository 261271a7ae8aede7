using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Presence;
using Chat.Server.Security;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Chat.Server.Supervision;

/// <summary>Supervisors deactivate, reactivate and reset staff accounts; every change revokes the account's tokens and is audited.</summary>
public static class StaffAdminEndpoints
{
    private static readonly PasswordHasher<StaffRecord> Hasher = new();

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
        NpgsqlDataSource db,
        AgentPresenceService presence,
        Conversations.Notifier notifier,
        VisitorRecordStore records,
        SessionSignals sessions,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (id == user.Id() && !request.Active)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "id");
        }

        _ = await staff.GetAsync(id, ct) ?? throw ChatError.NotFound(HubErrors.InvalidArgument, "InvalidArgument", "id");
        const string sql = """
            UPDATE staff SET active = @active, token_version = token_version + CASE WHEN @active THEN 0 ELSE 1 END
            WHERE id = @id
            """;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { id, active = request.Active }, cancellationToken: ct));
        }

        // Close their open connections on every instance first, so that nothing they still hold can set them online again.
        await sessions.AccountChangedAsync(SenderRole.Agent, id, closeConnections: !request.Active);
        if (!request.Active)
        {
            // Their chats go back to the queue at once instead of waiting for the heartbeat to expire.
            var state = await presence.SetAsync(id, new SetPresenceRequest(PresenceStatus.Offline, null, null), ct);
            await notifier.Agent(id).StateChanged(state);
        }

        await records.AuditAsync(user.Id(), request.Active ? "staff_activate" : "staff_deactivate", id, new { }, ct);
        return (await staff.GetAsync(id, ct))!.ToMember();
    }

    private static async Task<IResult> ResetPasswordAsync(
        Guid id, ResetStaffPasswordRequest request, StaffStore staff, NpgsqlDataSource db, VisitorRecordStore records, SessionSignals sessions, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Password is not { Length: >= 10 and <= 200 })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "PasswordWeak");
        }

        var member = await staff.GetAsync(id, ct) ?? throw ChatError.NotFound(HubErrors.InvalidArgument, "InvalidArgument", "id");
        const string sql = """
            UPDATE staff SET password_hash = @hash, failed_logins = 0, lockout_until = NULL, token_version = token_version + 1
            WHERE id = @id
            """;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { id, hash = Hasher.HashPassword(member, request.Password) }, cancellationToken: ct));
        }

        await sessions.AccountChangedAsync(SenderRole.Agent, id);
        await records.AuditAsync(user.Id(), "staff_password_reset", id, new { }, ct);
        return Results.NoContent();
    }
}
