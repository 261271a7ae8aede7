using Chat.Server.Accounts;

namespace Chat.Server.Backups;

public static class BackupExtensions
{
    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder, bool schedule = true)
    {
        builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BackupStore>();
        builder.Services.AddSingleton<BackupService>();
        builder.Services.AddSingleton<RedisSnapshotRestore>();
        if (schedule)
        {
            builder.Services.AddSingleton<BackupScheduler>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BackupScheduler>());
        }

        return builder;
    }

    /// <summary>GET /api/supervision/backups: the newest runs; GET /api/supervision/backups/status: what the dashboard shows and warns about.</summary>
    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervision/backups").RequireAuthorization(ChatClaims.SupervisorPolicy);
        group.MapGet("/status", (BackupService backups, CancellationToken ct) => backups.StatusAsync(ct));
        group.MapGet("/", async (BackupStore store, CancellationToken ct) => (await store.ListAsync(includeRemoved: false, 50, ct)).Select(r => r.ToRecord()).ToArray());
        return app;
    }
}
