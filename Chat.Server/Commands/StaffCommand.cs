using System.Security.Cryptography;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Infrastructure;
using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Commands;

/// <summary>
/// <c>Chat.Server staff add USERNAME agent|supervisor DISPLAY NAME</c>: creates a staff account, or resets its
/// password when it exists, and prints the password (from CHAT_STAFF_PASSWORD, else freshly generated).
/// Used by the run script to create the demo accounts; passwords never live in the repository.
/// </summary>
internal static class StaffCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["add", var username, var role, .. var nameParts] || role is not ("agent" or "supervisor") || nameParts.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: Chat.Server staff add USERNAME agent|supervisor DISPLAY NAME");
            return 2;
        }

        await using var app = CommandHost.Build(b => b.AddAudit().AddAccounts());
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        var staff = app.Services.GetRequiredService<StaffStore>();

        var password = Environment.GetEnvironmentVariable("CHAT_STAFF_PASSWORD") is { Length: >= 10 } given
            ? given
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        var created = await staff.CreateAsync(
            new CreateStaffRequest(username, string.Join(' ', nameParts), role == "supervisor" ? StaffRole.Supervisor : StaffRole.Agent, password, 3, null),
            AuditEntry.Operator("staff.create", null),
            CancellationToken.None);
        if (created is null)
        {
            await staff.SetPasswordAsync(username, password, AuditEntry.Operator("staff.password_reset", null, new { username }), CancellationToken.None);

            // The reset revoked the account's tokens; running servers close its open connections too.
            if (await staff.FindIdAsync(username, CancellationToken.None) is { } id)
            {
                var redis = app.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
                var keys = app.Services.GetRequiredService<RedisKeys>();
                await redis.GetSubscriber().PublishAsync(
                    StackExchange.Redis.RedisChannel.Literal(keys.SessionSignals), "close|" + ChatClaims.UserIdFor(SenderRole.Agent, id));
            }
        }

        Console.WriteLine($"{username}\t{role}\t{password}");
        return 0;
    }
}
