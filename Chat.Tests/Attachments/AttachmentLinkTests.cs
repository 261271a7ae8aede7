using Chat.Server.Attachments;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chat.Tests.Attachments;

/// <summary>Download links on a fake clock: they work for their viewer until they expire, and never for anyone else.</summary>
public sealed class AttachmentLinkTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AttachmentLinks links;

    public AttachmentLinkTests()
    {
        links = new AttachmentLinks(new EphemeralDataProtectionProvider(), clock, Options.Create(new AttachmentOptions { LinkLifetime = TimeSpan.FromMinutes(5) }));
    }

    [Fact]
    public void ALinkWorksForItsViewerUntilItExpires()
    {
        var id = Guid.NewGuid();
        var (token, expires) = links.Create(id, "v:abc");
        expires.Should().Be(clock.GetUtcNow().AddMinutes(5));

        links.Check(token, id, "v:abc").Should().BeNull();
        clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        links.Check(token, id, "v:abc").Should().BeNull();
        clock.Advance(TimeSpan.FromSeconds(1));
        links.Check(token, id, "v:abc").Should().Be("expired");
    }

    [Fact]
    public void ALinkNeverWorksForAnotherViewerOrAnotherFile()
    {
        var id = Guid.NewGuid();
        var (token, _) = links.Create(id, "v:abc");
        links.Check(token, id, "v:def").Should().Be("invalid");
        links.Check(token, Guid.NewGuid(), "v:abc").Should().Be("invalid");
        links.Check(token + "x", id, "v:abc").Should().Be("invalid");
        links.Check(null, id, "v:abc").Should().Be("invalid");
    }
}
