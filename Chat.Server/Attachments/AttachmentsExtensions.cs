using System.Threading.RateLimiting;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Security;
using Microsoft.Extensions.Options;

namespace Chat.Server.Attachments;

public static class AttachmentsExtensions
{
    public const string UploadLimiter = "attachments-upload";

    public static WebApplicationBuilder AddAttachments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.AllowedTypes.All(t => FileKinds.Find(t) is not null), "Attachments:AllowedTypes names an unknown type (png, jpeg, webp, pdf, docx, xlsx, zip, txt, csv).")
            .Validate(o => o.Store != "filesystem" || !string.IsNullOrWhiteSpace(o.FileSystemPath), "Attachments:FileSystemPath is required for the filesystem store.")
            .ValidateOnStart();
        services.AddSingleton<AttachmentRecords>();
        services.AddSingleton<AttachmentLinks>();
        services.AddSingleton<AttachmentUploads>();
        services.AddSingleton<AttachmentDownloads>();
        services.AddSingleton<AttachmentWithholding>();
        services.AddSingleton<PostgresAttachmentStore>();
        services.AddSingleton<IAttachmentStore>(sp => sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Store == "filesystem"
            ? ActivatorUtilities.CreateInstance<FileSystemAttachmentStore>(sp)
            : sp.GetRequiredService<PostgresAttachmentStore>());
        services.AddSingleton<IMalwareScanner>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.ClamdAddress)
            ? new NoMalwareScanner()
            : ActivatorUtilities.CreateInstance<ClamdScanner>(sp));

        // Per signed-in sender and instance: a flood of uploads is refused before its bodies are read.
        services.AddRateLimiter(o => o.AddPolicy(UploadLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
            http.User.FindFirst(ChatClaims.Subject)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "?",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) })));
        return builder;
    }

    public static IEndpointRouteBuilder MapAttachments(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/attachments").RequireAuthorization();
        api.MapGet("/limits", (IOptions<AttachmentOptions> options) =>
            new AttachmentLimits([.. options.Value.AllowedTypes.Select(t => t.ToLowerInvariant())], options.Value.MaxFileBytes, options.Value.MaxFilesPerMessage));

        // The body is the file itself (any Content-Type; the content decides), so that it streams and shows progress.
        api.MapPost("/", async (Guid? conversationId, string? ticket, string? name, HttpContext http, AttachmentUploads uploads, CancellationToken ct) =>
        {
            var uploaded = await uploads.UploadAsync(http.User, new UploadTarget(conversationId, ticket), name, http.Request, ct);
            return uploaded.Duplicate ? Results.Ok(uploaded) : Results.Created($"/api/attachments/{uploaded.Attachment.Id}", uploaded);
        }).RequireActiveVisitor().RequireRateLimiting(UploadLimiter).DisableAntiforgery();

        api.MapPost("/{id:guid}/withhold", async (Guid id, WithholdAttachmentRequest? request, HttpContext http, AttachmentWithholding withholding, CancellationToken ct) =>
        {
            await withholding.WithholdAsync(http.User, id, request, ct);
            return Results.NoContent();
        }).RequireAuthorization(ChatClaims.StaffPolicy);
        api.MapPost("/{id:guid}/link", (Guid id, HttpContext http, AttachmentDownloads downloads, CancellationToken ct) =>
            downloads.CreateLinkAsync(http.User, id, ct));
        api.MapGet("/{id:guid}/content", async (Guid id, string? t, bool? download, HttpContext http, AttachmentDownloads downloads, CancellationToken ct) =>
        {
            await downloads.ServeAsync(http, id, t, download == true, ct);
            return Results.Empty;
        });
        return app;
    }
}
