using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Chat.Server.Accounts;

/// <summary>401 and 403 answers carry a problem body with a code and a localised message, like every other refusal.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var (status, code, key) = authorizeResult.Forbidden
            ? (StatusCodes.Status403Forbidden, HubErrors.Forbidden, "Forbidden")
            : (StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsJsonAsync(new { status, title = code, code, detail = Text.Get(key) });
    }
}
