extern alias AgentConsole;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chat.Tests.Agent;

/// <summary>The agent console (Chat.Agent) on a real Kestrel port, talking to a test cluster's first instance.</summary>
public sealed class ConsoleHost : WebApplicationFactory<AgentConsole::Program>
{
    private readonly Uri chatServer;
    private readonly IReadOnlyDictionary<string, string?> settings;

    public ConsoleHost(Uri chatServer, IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.chatServer = chatServer;
        this.settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(0);
        StartServer();
        using var client = CreateClient();
        BaseAddress = client.BaseAddress!;
    }

    public Uri BaseAddress { get; }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ChatServer:BaseUrl", chatServer.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
