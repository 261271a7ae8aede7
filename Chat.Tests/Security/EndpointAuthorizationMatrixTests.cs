using System.Net;
using System.Text;
using Chat.Server.Accounts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chat.Tests.Security;

/// <summary>
/// Every HTTP endpoint, enumerated from the running server's <see cref="EndpointDataSource"/>, checked against one
/// table: its declared policy must be the row's, and each of the nine callers gets the row's answer (401 for no,
/// forged, expired or revoked tokens; 403 for the wrong kind or role, or a suspended visitor's write; an owner's
/// read answered, another's refused). An endpoint without a row fails the test.
/// </summary>
public sealed class EndpointAuthorizationMatrixTests
{
    /// <summary>
    /// Who may call: anyone; visitors (<see cref="ActiveVisitor"/>: not while suspended); staff; supervisors; the hubs
    /// (their methods are checked by the hub matrix). <c>/metrics</c> is middleware, not an endpoint: its network
    /// allow-list is tested with the metrics.
    /// </summary>
    public enum Access
    {
        Public,
        Visitor,
        ActiveVisitor,
        Staff,
        Supervisor,
        Hub,

        /// <summary>Any signed-in visitor or staff member; the endpoint itself decides who within (attachments).</summary>
        SignedIn,
    }

    /// <summary>
    /// A row. <paramref name="Owned"/>: the resource in the path belongs to the visitor, or to the agent's chat; other
    /// callers of the right kind are refused (403 or 404). <paramref name="Path"/> fills the route when the defaults
    /// (the visitor's ticket number, a new id) are not the resource meant.
    /// </summary>
    public sealed record Row(Access Access, bool Owned = false, Func<AuthorizationMatrixWorld, string>? Path = null);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["GET /api/topics"] = new(Access.Public),
        ["GET /api/policy/current"] = new(Access.Public),
        ["GET /api/policy/{version:int}"] = new(Access.Public),
        ["GET /api/service-status"] = new(Access.Public),
        ["POST /api/visitors"] = new(Access.Public),
        ["POST /api/visitors/signin/code"] = new(Access.Public),
        ["POST /api/visitors/signin"] = new(Access.Public),
        ["POST /api/staff/login"] = new(Access.Public),
        ["POST /api/staff/login/enrol"] = new(Access.Public),
        ["POST /api/staff/login/code"] = new(Access.Public),
        ["GET /widget/loader.js"] = new(Access.Public),
        ["GET /widget/app.js"] = new(Access.Public),
        ["GET /widget/app.css"] = new(Access.Public),
        ["GET /widget"] = new(Access.Public),
        ["GET /demo"] = new(Access.Public),
        ["* /health/live"] = new(Access.Public),
        ["* /health/ready"] = new(Access.Public),
        ["GET /openapi/{documentName}.json"] = new(Access.Public),

        ["GET /api/visitors/me"] = new(Access.Visitor),
        ["PUT /api/visitors/me/email"] = new(Access.ActiveVisitor),
        ["PUT /api/visitors/me/profile"] = new(Access.ActiveVisitor),
        ["POST /api/visitors/me/policy"] = new(Access.Visitor),
        ["POST /api/visitors/me/sign-out"] = new(Access.Visitor),
        ["POST /api/visitors/me/token"] = new(Access.Visitor),
        ["POST /api/visitors/me/email/code"] = new(Access.Visitor),
        ["POST /api/visitors/me/email/verify"] = new(Access.Visitor),
        ["POST /api/visitors/me/transcript"] = new(Access.Visitor),
        ["POST /api/visitors/me/conversations/{id:guid}/rating"] = new(Access.ActiveVisitor),
        ["GET /api/visitors/me/tickets"] = new(Access.Visitor),
        ["GET /api/visitors/me/tickets/{number}"] = new(Access.Visitor, Owned: true),
        ["POST /api/visitors/me/tickets"] = new(Access.ActiveVisitor),
        ["POST /api/visitors/me/tickets/{number}/entries"] = new(Access.ActiveVisitor),

        ["GET /api/staff/me"] = new(Access.Staff),
        ["GET /api/staff"] = new(Access.Staff),
        ["POST /api/staff/me/sign-out"] = new(Access.Staff),
        ["POST /api/staff/me/two-factor"] = new(Access.Staff),
        ["POST /api/staff/me/two-factor/confirm"] = new(Access.Staff),
        ["GET /api/transfers/targets"] = new(Access.Staff),
        ["GET /api/canned-answers"] = new(Access.Staff),
        ["GET /api/tickets"] = new(Access.Staff),
        ["GET /api/tickets/{number}"] = new(Access.Staff),
        ["PATCH /api/tickets/{number}"] = new(Access.Staff),
        ["POST /api/tickets/{number}/entries"] = new(Access.Staff),
        ["GET /api/staff/visitors/{id:guid}/history"] = new(Access.Staff, Owned: true, Path: w => $"/api/staff/visitors/{w.VisitorId}/history"),

        ["POST /api/staff"] = new(Access.Supervisor),
        ["DELETE /api/staff/{id:guid}/two-factor"] = new(Access.Supervisor),
        ["PUT /api/canned-answers/{shortcut}"] = new(Access.Supervisor),
        ["DELETE /api/canned-answers/{shortcut}"] = new(Access.Supervisor),
        ["GET /api/supervision/backups/status"] = new(Access.Supervisor),
        ["GET /api/supervision/backups"] = new(Access.Supervisor),
        ["GET /api/moderation/review"] = new(Access.Supervisor),
        ["POST /api/moderation/review/{id:guid}"] = new(Access.Supervisor),
        ["GET /api/moderation/content"] = new(Access.Supervisor),
        ["POST /api/moderation/content/{id:guid}"] = new(Access.Supervisor),
        ["POST /api/moderation/messages/{id:guid}/harmful"] = new(Access.Supervisor),
        ["GET /api/moderation/model"] = new(Access.Supervisor),
        ["POST /api/moderation/model/reload"] = new(Access.Supervisor),
        ["GET /api/moderation/visitors/{id:guid}/history"] = new(Access.Supervisor, Path: w => $"/api/moderation/visitors/{w.VisitorId}/history"),
        ["POST /api/moderation/visitors/{id:guid}/lift"] = new(Access.Supervisor),
        ["POST /api/moderation/lexicons/reload"] = new(Access.Supervisor),
        ["GET /api/moderation/lexicons"] = new(Access.Supervisor),
        ["POST /api/supervision/disclosures/{id:guid}/close"] = new(Access.Supervisor),
        ["GET /api/supervision/metrics"] = new(Access.Supervisor),
        ["GET /api/supervision/email"] = new(Access.Supervisor),
        ["PUT /api/supervision/email/staff/{id:guid}"] = new(Access.Supervisor),
        ["GET /api/supervision/audit"] = new(Access.Supervisor),
        ["POST /api/supervision/staff/{id:guid}/active"] = new(Access.Supervisor),
        ["POST /api/supervision/staff/{id:guid}/password"] = new(Access.Supervisor),
        ["GET /api/supervision/visitors"] = new(Access.Supervisor),
        ["POST /api/supervision/policy"] = new(Access.Supervisor),
        ["POST /api/supervision/visitors/{id:guid}/disclosures"] = new(Access.Supervisor),
        ["GET /api/supervision/disclosures"] = new(Access.Supervisor),
        ["GET /api/supervision/disclosures/{id:guid}"] = new(Access.Supervisor),
        ["POST /api/supervision/disclosures/{id:guid}/decision"] = new(Access.Supervisor),
        ["GET /api/supervision/disclosures/{id:guid}/archive"] = new(Access.Supervisor),
        ["POST /api/supervision/visitors/{id:guid}/close"] = new(Access.Supervisor),

        ["GET /api/attachments/limits"] = new(Access.SignedIn),
        ["POST /api/attachments"] = new(Access.SignedIn),
        ["POST /api/attachments/{id:guid}/withhold"] = new(Access.SignedIn),
        ["POST /api/attachments/{id:guid}/link"] = new(Access.SignedIn),
        ["GET /api/attachments/{id:guid}/content"] = new(Access.SignedIn),

        ["* /hubs/visitor"] = new(Access.Hub),
        ["* /hubs/visitor/negotiate"] = new(Access.Hub),
        ["* /hubs/agent"] = new(Access.Hub),
        ["* /hubs/agent/negotiate"] = new(Access.Hub),
    };

    private static readonly Caller[] Visitors = [Caller.Visitor, Caller.OtherVisitor, Caller.SuspendedVisitor];

    private static readonly Caller[] Agents = [Caller.Agent, Caller.OtherAgent];

    [Fact]
    public async Task EveryEndpointHasARowAndDeclaresItsPolicy()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var endpoints = Endpoints(cluster[0]);
        endpoints.Keys.Except(Rows.Keys).Should().BeEmpty("every endpoint needs a row in the authorisation matrix");
        Rows.Keys.Except(endpoints.Keys).Should().BeEmpty("every row names an endpoint that exists");
        foreach (var (key, endpoint) in endpoints)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
            var expected = Rows[key].Access switch
            {
                Access.Visitor or Access.ActiveVisitor => ChatClaims.VisitorPolicy,
                Access.Staff => ChatClaims.StaffPolicy,
                Access.Supervisor => ChatClaims.SupervisorPolicy,
                _ => null,
            };
            if (Rows[key].Access == Access.SignedIn)
            {
                endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Should().NotBeEmpty($"{key} needs a signed-in caller");
                continue;
            }

            if (expected is null)
            {
                if (Rows[key].Access != Access.Hub)
                {
                    policies.Should().BeEmpty($"{key} is open to anyone");
                }

                continue;
            }

            policies.Should().Contain(expected, key);
        }
    }

    [Fact]
    public async Task EveryEndpointGivesEachCallerTheAnswerInTheTable()
    {
        await using var world = await AuthorizationMatrixWorld.StartAsync();
        var failures = new List<string>();
        foreach (var (key, row) in Rows.Where(r => r.Value.Access is not (Access.Public or Access.Hub)))
        {
            var method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
            var path = row.Path?.Invoke(world) ?? Fill(key[(method.Length + 1)..], world);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var expected = Expected(row, caller);

                // What callers may do is checked on reads only: a write as an allowed caller would change the world the other rows rely on.
                if (expected is null || (expected == HttpStatusCode.OK && method != "GET"))
                {
                    continue;
                }

                var status = await SendAsync(world, method, path, world.Token(caller));
                // Allowed: not refused (an unknown id may well be 404); the owner of the resource in the path gets it.
                var ok = expected == HttpStatusCode.OK
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (!row.Owned || (int)status is >= 200 and < 300)
                    : expected == HttpStatusCode.NotFound ? status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden : status == expected;
                if (!ok)
                {
                    failures.Add($"{key} by {caller}: expected {(int)expected}, got {(int)status}");
                }
            }

            if (row.Access is not Access.Public)
            {
                var expired = await SendAsync(world, method, path, world.ExpiredToken(visitor: row.Access is Access.Visitor or Access.ActiveVisitor));
                if (expired != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{key} with an expired token: expected 401, got {(int)expired}");
                }
            }
        }

        failures.Should().BeEmpty();
    }

    /// <summary>The answer a caller must get: 401, 403, 404 (another's resource: 403 or 404), OK (anything but a refusal; success for an owned resource), or null when the row says nothing.</summary>
    private static HttpStatusCode? Expected(Row row, Caller caller)
    {
        if (caller is Caller.Anonymous or Caller.ForgedOrExpired or Caller.DeactivatedAgent)
        {
            return HttpStatusCode.Unauthorized;
        }

        var visitor = Visitors.Contains(caller);
        return row.Access switch
        {
            Access.Visitor or Access.ActiveVisitor when !visitor => HttpStatusCode.Forbidden,
            Access.ActiveVisitor when caller == Caller.SuspendedVisitor => HttpStatusCode.Forbidden,
            Access.Visitor or Access.ActiveVisitor when row.Owned && caller != Caller.Visitor => HttpStatusCode.NotFound,
            Access.Visitor or Access.ActiveVisitor => HttpStatusCode.OK,
            Access.Staff or Access.Supervisor when visitor => HttpStatusCode.Forbidden,
            Access.Supervisor when Agents.Contains(caller) => HttpStatusCode.Forbidden,
            Access.Staff when row.Owned && caller == Caller.OtherAgent => HttpStatusCode.Forbidden,
            Access.Staff or Access.Supervisor => HttpStatusCode.OK,
            _ => null,
        };
    }

    private static async Task<HttpStatusCode> SendAsync(AuthorizationMatrixWorld world, string method, string path, string? token)
    {
        using var http = world.Cluster.Http(token: token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is not ("GET" or "DELETE"))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Fill(string pattern, AuthorizationMatrixWorld world) => pattern
        .Replace("{number}", world.Ticket, StringComparison.Ordinal)
        .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{version:int}", "1", StringComparison.Ordinal)
        .Replace("{shortcut}", Uri.EscapeDataString("/uji-matriks"), StringComparison.Ordinal);

    /// <summary>The server's endpoints by "METHOD pattern" (methods "*" when the endpoint takes any).</summary>
    private static Dictionary<string, Endpoint> Endpoints(ChatServerInstance server)
    {
        var result = new Dictionary<string, Endpoint>();
        foreach (var endpoint in server.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            pattern = pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
            if (!pattern.StartsWith('/'))
            {
                pattern = "/" + pattern;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                result[$"{method} {pattern}"] = endpoint;
            }
        }

        return result;
    }
}
