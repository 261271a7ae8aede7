using System.Security.Cryptography;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Infrastructure;
using Chat.Server.Hubs.Contracts;
using Chat.Server.TwoFactor;
using Microsoft.Extensions.Options;
using OtpNet;

namespace Chat.Server.Commands;

/// <summary>
/// <c>Chat.Server staff add USERNAME agent|supervisor DISPLAY NAME</c>: creates a staff account, or resets its
/// password when it exists, and prints the password (from CHAT_STAFF_PASSWORD, else freshly generated). An account
/// that must sign in with a second factor (supervisors) gets a new authenticator key and recovery codes, printed too.
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

        var line = $"{username}\t{role}\t{password}";
        var member = await staff.GetAsync(await staff.FindIdAsync(username, CancellationToken.None) ?? Guid.Empty, CancellationToken.None);
        if (member is not null && TwoFactorEndpoints.IsRequired(member, app.Services.GetRequiredService<IOptions<AccountOptions>>().Value))
        {
            line += "\t" + await EnrolAsync(app.Services.GetRequiredService<TwoFactorStore>(), app.Services.GetRequiredService<TimeProvider>(), member);
        }

        Console.WriteLine(line);
        return 0;
    }

    /// <summary>
    /// Gives an account that must use a second factor a fresh authenticator secret, already confirmed, and says what
    /// its owner needs: the key to type into an authenticator app, and recovery codes for signing in without one.
    /// </summary>
    private static async Task<string> EnrolAsync(TwoFactorStore store, TimeProvider time, StaffRecord member)
    {
        await store.ResetAsync(member.Id, AuditEntry.Operator("staff.2fa.reset", member.Id, new { username = member.Username }), CancellationToken.None);
        var enrolment = await store.StartAsync(member.Id, member.Username, fresh: true, CancellationToken.None);

        // Confirmed with the previous step's code, so the code the owner's app shows now is still unused.
        var code = new Totp(Base32Encoding.ToBytes(enrolment.Secret)).ComputeTotp(time.GetUtcNow().UtcDateTime.AddSeconds(-30));
        var recovery = await store.ConfirmAsync(member.Id, code, AuditEntry.Operator("staff.2fa.enabled", member.Id, new { username = member.Username }), CancellationToken.None)
            ?? throw new InvalidOperationException("The new authenticator secret was not accepted.");
        return $"2FA key {enrolment.Secret} (authenticator app, TOTP 30 s); recovery codes {string.Join(' ', recovery)}";
    }
}
