using System.ComponentModel.DataAnnotations;

namespace Chat.Agent.Api;

/// <summary>Where Chat.Server answers; the console reaches it for the REST API and the agent hub.</summary>
public sealed class ChatServerOptions
{
    public const string Section = "ChatServer";

    [Required]
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>How often the console tells the server the agent is still there (presence expires after 45 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After this long without keyboard or mouse activity an online agent goes away.</summary>
    public TimeSpan IdleAway { get; set; } = TimeSpan.FromMinutes(5);
}
