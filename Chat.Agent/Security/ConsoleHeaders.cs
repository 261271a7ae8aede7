namespace Chat.Agent.Security;

/// <summary>
/// The console's Content-Security-Policy and companions. Blazor Server needs only its own scripts and its WebSocket
/// to the same host; styles allow inline attributes (Blazor and the console set a few); nothing may frame the console.
/// </summary>
public static class ConsoleHeaders
{
    public static WebApplication UseConsoleHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                var host = http.Request.Host.Value;

                // Attachments (/lampiran) carry their own sandboxing policy; everything else gets the console's.
                if (!http.Request.Path.StartsWithSegments("/lampiran", StringComparison.Ordinal))
                {
                    headers.ContentSecurityPolicy = string.Join("; ",
                        "default-src 'self'",
                        "script-src 'self'",
                        "style-src 'self' 'unsafe-inline'",
                        "img-src 'self' data:",
                        $"connect-src 'self' ws://{host} wss://{host}",
                        "object-src 'none'",
                        "base-uri 'self'",
                        "form-action 'self'",
                        "frame-ancestors 'none'");
                }

                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
