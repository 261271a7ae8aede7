using System.Text.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Operations;

/// <summary>
/// The nginx front of <c>deploy/nginx.sh</c> (what <c>CHAT_INSTANCES=2 scripts/run.sh</c> puts before the instances
/// and the console) passes on the address people used, port included: anything the applications build from it
/// (a redirect to the console's sign-in page, the API document's server address) must lead back through nginx.
/// </summary>
public sealed class NginxFrontTests
{
    [Fact]
    public async Task TheApplicationBehindTheFrontSeesTheAddressWithItsPort()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var front = await NginxFront.StartAsync([cluster[0].BaseAddress.Port]);
        using var http = new HttpClient { BaseAddress = front.BaseAddress };

        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));

        var server = document.RootElement.GetProperty("servers")[0].GetProperty("url").GetString();
        new Uri(server!).Authority.Should().Be(front.BaseAddress.Authority, "a port dropped on the way sends people to port 80");
    }
}
