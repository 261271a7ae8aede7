using Npgsql;

namespace Chat.Server.Infrastructure;

/// <summary>The one way to make the application's <see cref="NpgsqlDataSource"/>, in the server, the commands and the tests alike.</summary>
public static class ChatDataSource
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        TimestampTypeHandler.Register();
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        dataSource.ConnectionStringBuilder.ApplicationName ??= "chat-server";

        // The message path runs the same few statements thousands of times a second: prepare them once per
        // connection instead of parsing and planning each time (unless the connection string says otherwise).
        if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // Nothing here keeps session state (settings, session locks, temporary tables: the migrator's lock is on a
        // connection of its own), so a pooled connection need not be reset each time it is returned: that reset was
        // three statements per use, as many as the message path's own.
        dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        return dataSource.Build();
    }
}
