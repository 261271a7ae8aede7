using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Infrastructure;

/// <summary>One Chat.Server instance on a real Kestrel port, against the shared test Redis and PostgreSQL.</summary>
public sealed class ChatServerInstance : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IWebHostBuilder>? configure;

    /// <param name="configure">Anything a test adds to the host (a log collector, for one).</param>
    public ChatServerInstance(IReadOnlyDictionary<string, string?> settings, int port = 0, Action<IWebHostBuilder>? configure = null)
    {
        this.settings = settings;
        this.configure = configure;
        UseKestrel(port);
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        using var client = CreateClient();
        BaseAddress = client.BaseAddress!;
    }

    public Uri BaseAddress { get; }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataProtection:CertificatePath", TestServices.KeyRingCertificate.Path);
        builder.UseSetting("DataProtection:CertificatePassword", TestServices.KeyRingCertificate.Password);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Scheduled backups only where a test asks for them (with a folder of its own).
        if (!settings.ContainsKey("Backups:Enabled"))
        {
            builder.UseSetting("Backups:Enabled", "false");
        }

        if (!settings.ContainsKey("Backups:RedisConfiguration"))
        {
            builder.UseSetting("Backups:RedisConfiguration", TestServices.RedisAdmin);
        }

        // Migrations run as the owner role of whichever database the instance uses.
        if (!settings.ContainsKey("Database:MigrationConnectionString") && settings.TryGetValue("Database:ConnectionString", out var database) && database is not null)
        {
            builder.UseSetting("Database:MigrationConnectionString", TestServices.OwnerFor(database));
        }

        configure?.Invoke(builder);
    }
}
