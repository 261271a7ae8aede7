using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Chat.Server.RateLimits;

/// <summary>The limits endpoints ask for by name.</summary>
public enum RequestLimit
{
    /// <summary>Visitor registration, per client address.</summary>
    Registration,

    /// <summary>Staff sign-in steps, per client address.</summary>
    SignIn,

    /// <summary>E-mail codes asked for, per client address (anonymous) or visitor.</summary>
    CodeRequest,

    /// <summary>Offline-form tickets, per visitor.</summary>
    Ticket,

    /// <summary>Ticket replies, per account.</summary>
    TicketEntry,
}

/// <summary>
/// Refuses a request over its limit with 429, <c>rate_limited</c>, the wait in <c>Retry-After</c> and a sentence
/// saying it (Indonesian unless English was asked for). Signed-in callers are counted by account, others by address.
/// </summary>
internal sealed class RateLimitFilter(RequestLimit limit, RedisRateLimiter limiter, IOptions<RateLimitOptions> options, IOptions<AccountOptions> accounts) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (permits, window) = Limit();
        var partition = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(ChatClaims.Subject)?.Value ?? ClientAddress.Key(http) : ClientAddress.Key(http);
        if (await limiter.TryAcquireAsync(limit.ToString(), partition, permits, window) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            throw new ChatError(HubErrors.RateLimited, StatusCodes.Status429TooManyRequests, Resources.Text.Get("RequestsRateLimited", seconds)) { RetryAfterSeconds = seconds };
        }

        return await next(context);
    }

    private (int Permits, TimeSpan Window) Limit()
    {
        var o = options.Value;
        return limit switch
        {
            RequestLimit.Registration => (accounts.Value.RegistrationsPerMinute, TimeSpan.FromMinutes(1)),
            RequestLimit.SignIn => (accounts.Value.LoginsPerMinute, TimeSpan.FromMinutes(1)),
            RequestLimit.CodeRequest => (o.CodeRequestsPerMinute, TimeSpan.FromMinutes(1)),
            RequestLimit.Ticket => (o.TicketsPerHour, TimeSpan.FromHours(1)),
            _ => (o.TicketEntriesPerMinute, TimeSpan.FromMinutes(1)),
        };
    }
}
