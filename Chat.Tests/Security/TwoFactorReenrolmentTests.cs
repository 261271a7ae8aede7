using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.TwoFactor;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Security;

/// <summary>
/// A reset second factor can be enrolled again at once, even in the same 30 seconds in which its owner last signed in
/// with the old one (what `staff add` does for an existing supervisor): the replay guard belongs to the old secret.
/// </summary>
public sealed class TwoFactorReenrolmentTests
{
    [Fact]
    public async Task AResetSecretIsReplacedByANewOneConfirmedWithTheCodeOfTheStepJustUsed()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var store = cluster[0].Service<TwoFactorStore>();

        await store.ResetAsync(supervisor.Staff.Id, AuditEntry.Operator("staff.2fa.reset", supervisor.Staff.Id), CancellationToken.None);
        var enrolment = await store.StartAsync(supervisor.Staff.Id, supervisor.Staff.Username, fresh: true, CancellationToken.None);
        var codes = await store.ConfirmAsync(supervisor.Staff.Id, StaffAuthenticators.CodeFor(enrolment.Secret, DateTimeOffset.UtcNow.AddSeconds(-30)),
            AuditEntry.Operator("staff.2fa.enabled", supervisor.Staff.Id), CancellationToken.None);

        codes.Should().NotBeNull("the new secret's codes were never used, whatever step the old one reached");
    }
}
