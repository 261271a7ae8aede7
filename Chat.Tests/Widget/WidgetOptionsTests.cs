using Chat.Server.Widget;
using Chat.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Widget;

public sealed class WidgetOptionsTests
{
    [Theory]
    [InlineData("https://lpse.tanahlautkab.go.id", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://localhost", true)]
    [InlineData("https://lpse.tanahlautkab.go.id.evil.example", false)]
    [InlineData("http://localhost.evil.example:80", false)]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("https://localhost:5080", false)]
    [InlineData("", false)]
    public void AllowListMatchesExactOriginsAndAnyPortPatternsOnly(string origin, bool allowed)
    {
        var options = new WidgetOptions();
        options.AllowedOrigins.Add("https://lpse.tanahlautkab.go.id");
        options.AllowedOrigins.Add("http://localhost:*");

        options.Allows(origin).Should().Be(allowed);
    }

    [Theory]
    [InlineData("https://lpse.tanahlautkab.go.id", true)]
    [InlineData("http://localhost:*", true)]
    [InlineData("https://lpse.tanahlautkab.go.id/", false)]
    [InlineData("https://lpse.tanahlautkab.go.id/spse", false)]
    [InlineData("*", false)]
    [InlineData("lpse.tanahlautkab.go.id", false)]
    [InlineData("https://LPSE.example.go.id", false)]
    public void OnlyBareOriginsArePatterns(string pattern, bool valid) =>
        WidgetOptions.IsValidPattern(pattern).Should().Be(valid);

    [Fact]
    public async Task ServerRefusesToStartWithAnAllowListEntryThatIsNotAnOrigin()
    {
        var start = () => ChatCluster.StartAsync(1, s => s["Widget:AllowedOrigins:0"] = "https://lpse.tanahlautkab.go.id/spse");

        await start.Should().ThrowAsync<OptionsValidationException>();
    }

    [Fact]
    public async Task AllowListAlsoReadsOneCommaSeparatedValue()
    {
        await using var cluster = await ChatCluster.StartAsync(1, s =>
        {
            s["Widget:AllowedOrigins"] = "https://lpse.tanahlautkab.go.id, http://127.0.0.1:*";
        });

        var options = cluster[0].Service<IOptions<WidgetOptions>>().Value;
        options.Allows("http://127.0.0.1:5080").Should().BeTrue();
        options.Allows("https://lpse.tanahlautkab.go.id").Should().BeTrue();
    }
}
