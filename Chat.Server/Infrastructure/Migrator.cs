using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Chat.Server.Infrastructure;

/// <summary>
/// Applies the forward-only SQL files in <c>Migrations/</c> (embedded, ordered by name) before the app serves.
/// An advisory lock makes concurrent starts of several instances safe: one applies, the others wait and find nothing to do.
/// It connects as the owner role (<see cref="DatabaseOptions.MigrationConnectionString"/>) and then grants the
/// application's role what it needs: every table read and write, except that the audit log is insert-only.
/// </summary>
public sealed class Migrator(Microsoft.Extensions.Options.IOptions<DatabaseOptions> options, ILogger<Migrator> logger)
{
    private const long LockKey = 0x4C50_5345_5441_4C; // "LPSETAL"

    private const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name        text PRIMARY KEY,
            checksum    text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var database = options.Value;
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateJournal, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(string Name, string Checksum)>(
                new CommandDefinition("SELECT name, checksum FROM schema_migrations", cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Name, r => r.Checksum, StringComparer.Ordinal);

            foreach (var (name, sql) in LoadScripts())
            {
                var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                if (applied.TryGetValue(name, out var existing))
                {
                    if (!string.Equals(existing, checksum, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"Migration {name} was changed after it was applied; add a new migration instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (name, checksum) VALUES (@name, @checksum)",
                    new { name, checksum },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", name);
            }

            await GrantAsync(connection, database, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task GrantAsync(NpgsqlConnection owner, DatabaseOptions database, CancellationToken ct)
    {
        var app = new NpgsqlConnectionStringBuilder(database.ConnectionString).Username;
        var ownerName = await owner.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_user", cancellationToken: ct));
        if (string.IsNullOrEmpty(app) || string.Equals(app, ownerName, StringComparison.Ordinal))
        {
            logger.LogWarning("Migrations ran as the application's role {Role}: the audit log is not protected from it. Set Database:MigrationConnectionString to an owner role.", ownerName);
            return;
        }

        // Re-applied on every start, so tables added by any migration get the same privileges.
        var role = "\"" + app.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var sql = $"""
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role};
            """;
        await owner.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
    }

    private static IEnumerable<(string Name, string Sql)> LoadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Chat.Server.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            yield return (resource[prefix.Length..], ReadResource(assembly, resource));
        }
    }

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
