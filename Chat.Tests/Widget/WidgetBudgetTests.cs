using System.IO.Compression;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Widget;

public sealed class WidgetBudgetTests(ITestOutputHelper output)
{
    private const int LoaderBudget = 5 * 1024;
    private const int AppBudget = 30 * 1024;

    [Fact]
    public async Task LoaderAndChatAppStayWithinTheirGzippedSizeBudgets()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        using var http = cluster.Http();
        var loader = await http.GetByteArrayAsync(new Uri("/widget/loader.js", UriKind.Relative));
        var app = await http.GetByteArrayAsync(new Uri("/widget/app.js", UriKind.Relative));
        var css = await http.GetByteArrayAsync(new Uri("/widget/app.css", UriKind.Relative));

        output.WriteLine($"loader.js {loader.Length} B raw, {Gzipped(loader)} B gzipped (budget {LoaderBudget})");
        output.WriteLine($"app.js {app.Length} B raw, {Gzipped(app)} B gzipped (budget {AppBudget}, SignalR client included)");
        output.WriteLine($"app.css {css.Length} B raw, {Gzipped(css)} B gzipped");
        Gzipped(loader).Should().BeLessThanOrEqualTo(LoaderBudget);
        (Gzipped(app) + Gzipped(css)).Should().BeLessThanOrEqualTo(AppBudget);
        System.Text.Encoding.UTF8.GetString(loader).Should().Contain(WidgetCluster.AllowedPattern, "the server writes the allow-list into the loader");
    }

    private static int Gzipped(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return (int)buffer.Length;
    }
}
