using System.Net;
using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Chat.Server.Widget;

/// <summary>
/// Serves the widget: /widget/loader.js (the one tag on the LPSE site), the chat frame /widget/ (only for allowed host
/// origins, with CSP frame-ancestors limited to them), its script and style, and the demo LPSE page at /demo/.
/// </summary>
public static class WidgetEndpoints
{
    private static readonly Lazy<string> DemoPage = new(() =>
        Migrator.ReadResource(typeof(WidgetEndpoints).Assembly, "Chat.Server.Widget.demo.html"));

    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder app)
    {
        app.MapGet("/widget/loader.js", (HttpContext http, WidgetAssets assets) => Asset(http, assets, "loader.js", "text/javascript; charset=utf-8", TimeSpan.FromMinutes(5)));
        app.MapGet("/widget/app.js", (HttpContext http, WidgetAssets assets) => Asset(http, assets, "app.js", "text/javascript; charset=utf-8", TimeSpan.FromDays(7)));
        app.MapGet("/widget/app.css", (HttpContext http, WidgetAssets assets) => Asset(http, assets, "app.css", "text/css; charset=utf-8", TimeSpan.FromDays(7)));
        app.MapGet("/widget/", Frame);
        app.MapGet("/demo/", (HttpContext http, IOptions<WidgetOptions> options) =>
        {
            if (!options.Value.EnableDemo)
            {
                return Results.NotFound();
            }

            // ?port=N loads the widget from the same host on another port: a different origin but the same site, as
            // when the LPSE site and Chat.Server share a registrable domain. Only a port is taken, never a host, so the
            // page can never be made to load script from elsewhere.
            var port = http.Request.Query["port"].ToString();
            var server = port is { Length: > 0 and <= 5 } && port.All(char.IsAsciiDigit)
                ? $"{http.Request.Scheme}://{http.Request.Host.Host}:{port}"
                : string.Empty;
            // The demo stands in for the LPSE site: its own styles, and script and frame from the chat server only.
            var chat = server.Length > 0 ? server : "'self'";
            http.Response.Headers.ContentSecurityPolicy = string.Join("; ",
                "default-src 'self'",
                $"script-src 'self' {chat}",
                $"frame-src 'self' {chat}",
                $"connect-src 'self' {chat}",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "object-src 'none'",
                "base-uri 'none'");
            return Results.Content(DemoPage.Value.Replace("{{SERVER}}", server, StringComparison.Ordinal), "text/html; charset=utf-8");
        });
        return app;
    }

    private static IResult Asset(HttpContext http, WidgetAssets assets, string name, string contentType, TimeSpan maxAge)
    {
        if (assets.Get(name) is not { } file)
        {
            return Results.Problem($"Widget file {name} is missing in {assets.Folder}; build Chat.Widget (dotnet build Chat.sln).", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var etag = new EntityTagHeaderValue($"\"{file.Version}\"");
        http.Response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(file.Content, contentType, entityTag: etag);
    }

    private static IResult Frame(HttpContext http, WidgetAssets assets, IOptions<WidgetOptions> options)
    {
        var widget = options.Value;
        var host = http.Request.Query["host"].ToString();
        if (!widget.Allows(host))
        {
            return Results.Problem("This site may not embed the HELPDESK LPSE chat.", statusCode: StatusCodes.Status403Forbidden);
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = string.Join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            // blob: shows attachment thumbnails fetched with the visitor's token (and local previews before upload).
            "img-src 'self' data: blob:",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors " + string.Join(' ', widget.AllowedOrigins));
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var app = assets.Get("app.js")?.Version ?? "0";
        var css = assets.Get("app.css")?.Version ?? "0";
        var lang = http.Request.Query["lang"] == "en" ? "en" : "id";
        var html = $$"""
            <!doctype html>
            <html lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>HELPDESK LPSE Tanah Laut</title>
            <link rel="stylesheet" href="/widget/app.css?v={{WebUtility.UrlEncode(css)}}">
            </head>
            <body>
            <noscript>Aktifkan JavaScript untuk memakai obrolan. / Enable JavaScript to use the chat.</noscript>
            <script src="/widget/app.js?v={{WebUtility.UrlEncode(app)}}"></script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
