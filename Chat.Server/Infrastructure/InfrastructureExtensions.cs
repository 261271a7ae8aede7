using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>One Redis multiplexer, one Npgsql data source, data-protection keys in Redis, the key class.</summary>
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var redisOptions = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        var redisConfig = redisOptions.ToConfigurationOptions();
        var multiplexer = ConnectionMultiplexer.Connect(redisConfig);
        services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        services.AddSingleton(new RedisKeys(redisOptions.KeyPrefix));

        // Registered now, not when the data source is first resolved: the migrator and the backups open the owner's
        // connections without it, and must read and write time stamps the same way.
        TimestampTypeHandler.Register();
        services.AddSingleton(sp => ChatDataSource.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        services.AddSingleton<Migrator>();

        // Tokens issued by one instance must be readable by every other instance.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("chat-lpse-tanahlaut")
            .PersistKeysToStackExchangeRedis(multiplexer, redisOptions.KeyPrefix + ":dataprotection");

        // Whoever reads Redis must not be able to mint tokens: the keys are stored encrypted with a certificate.
        var keyRing = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (!string.IsNullOrEmpty(keyRing.CertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(keyRing.CertificatePath, keyRing.CertificatePassword);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{KeyRingOptions.Section}:CertificatePath has no private key.");
            }

            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else if (keyRing.RequireCertificate && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Set {KeyRingOptions.Section}:CertificatePath (and CertificatePassword): the data-protection key ring must be encrypted at rest.");
        }

        return builder;
    }
}
