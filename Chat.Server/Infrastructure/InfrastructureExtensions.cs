using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
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

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString);
            dataSource.ConnectionStringBuilder.ApplicationName ??= "chat-server";

            // The message path runs the same few statements thousands of times a second: prepare them once per
            // connection instead of parsing and planning each time (unless the connection string says otherwise).
            if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
                dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            }
            return dataSource.Build();
        });
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
