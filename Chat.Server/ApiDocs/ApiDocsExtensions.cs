using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Chat.Server.ApiDocs;

/// <summary>
/// The REST API described as an OpenAPI document at <c>/openapi/v1.json</c> (generated from the endpoints themselves,
/// so it cannot drift from them), and a viewer at <c>/scalar/v1</c> where <c>ApiDocs:Viewer</c> is true (by default
/// in Development only). The SignalR hubs are described in docs/PROTOCOL.md.
/// </summary>
public static class ApiDocsExtensions
{
    private const string ViewerPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "HELPDESK LPSE Kabupaten Tanah Laut — Chat API",
                Version = "v1",
                Description = "REST API of the live-chat helpdesk. Visitors and staff authenticate with the bearer token " +
                    "from POST /api/visitors (registration), POST /api/visitors/signin (a code sent by email) or POST /api/staff/login. Real-time chat runs over the " +
                    "SignalR hubs /hubs/visitor and /hubs/agent (see docs/PROTOCOL.md).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A visitor or staff token.",
            };
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Configuration.GetValue("ApiDocs:Viewer", app.Environment.IsDevelopment()))
        {
            app.MapScalarApiReference(o => o.WithTitle("HELPDESK LPSE — Chat API").DisableDefaultFonts())
                .AddEndpointFilter(async (context, next) =>
                {
                    // The viewer is a page with its own script: it gets a policy of its own (where the viewer is on).
                    context.HttpContext.Response.Headers.ContentSecurityPolicy = ViewerPolicy;
                    return await next(context);
                });
        }

        return app;
    }
}
