using System.Security.Claims;
using System.Text.RegularExpressions;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Security;

namespace Chat.Server.CannedAnswers;

public static partial class CannedAnswerEndpoints
{
    public static WebApplicationBuilder AddCannedAnswers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CannedAnswerStore>();
        return builder;
    }

    /// <summary>GET /api/canned-answers (staff); PUT and DELETE /api/canned-answers/{shortcut} (supervisors; the shortcut includes its slash, URL-encoded).</summary>
    public static IEndpointRouteBuilder MapCannedAnswers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/canned-answers");
        group.MapGet("/", (CannedAnswerStore store, CancellationToken ct) => store.ListAsync(ct)).RequireAuthorization(ChatClaims.StaffPolicy);
        group.MapPut("/{shortcut}", async (string shortcut, SaveCannedAnswerRequest request, CannedAnswerStore store, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var title = HumanText.Clean(request.Title);
            var text = HumanText.Clean(request.Text);
            if (string.IsNullOrEmpty(title) || title.Length > 100 || string.IsNullOrEmpty(text) || text.Length > 2000)
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "CannedAnswerInvalid");
            }

            return await store.SaveAsync(Valid(shortcut), title, text, user.Id(), ct);
        }).RequireAuthorization(ChatClaims.SupervisorPolicy);
        group.MapDelete("/{shortcut}", async (string shortcut, CannedAnswerStore store, ClaimsPrincipal user, CancellationToken ct) =>
            await store.DeleteAsync(Valid(shortcut), user.Id(), ct) ? Results.NoContent() : throw ChatError.NotFound("canned_answer_not_found", "CannedAnswerNotFound"))
            .RequireAuthorization(ChatClaims.SupervisorPolicy);
        return app;
    }

    private static string Valid(string shortcut)
    {
        var s = Uri.UnescapeDataString(shortcut).Trim().ToLowerInvariant();
        if (!s.StartsWith('/'))
        {
            s = "/" + s;
        }

        return ShortcutPattern().IsMatch(s) ? s : throw ChatError.BadRequest(HubErrors.InvalidArgument, "CannedShortcutInvalid");
    }

    [GeneratedRegex("^/[a-z0-9-]{1,30}$")]
    private static partial Regex ShortcutPattern();
}
