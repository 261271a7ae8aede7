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
        var redisConfig = ConfigurationOptions.Parse(redisOptions.Configuration);
        redisConfig.AbortOnConnectFail = false;
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
        services.AddDataProtection()
            .SetApplicationName("chat-lpse-tanahlaut")
            .PersistKeysToStackExchangeRedis(multiplexer, redisOptions.KeyPrefix + ":dataprotection");

        return builder;
    }
}
