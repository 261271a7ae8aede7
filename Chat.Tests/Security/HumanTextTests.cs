using Chat.Server.Security;

namespace Chat.Tests.Security;

/// <summary>The one helper that tidies every person's text before it is stored.</summary>
public sealed class HumanTextTests
{
    [Theory]
    [InlineData("laporan\u202Egpj.exe", "laporangpj.exe")]
    [InlineData("\u2067Rina\u2069 Agen", "Rina Agen")]
    [InlineData("ba\u200Bng\u200Dsat", "bangsat")]
    [InlineData("\uFEFF  halo  ", "halo")]
    [InlineData("Cafe\u0301", "Café")]
    public void HiddenCharactersAreRemovedAndTextIsNfc(string typed, string stored) =>
        HumanText.Clean(typed).Should().Be(stored);

    [Fact]
    public void NothingButHiddenCharactersIsNothing() => HumanText.Clean("\u200B\u202E ").Should().BeNull();
}
