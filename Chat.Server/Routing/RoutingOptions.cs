using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Routing;

public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>An agent with no heartbeat for this long is offline and loses its chats to the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often one instance expires presence, assigns, and pushes queue positions.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Handling time assumed for estimates until chats have been closed.</summary>
    public TimeSpan DefaultHandleTime { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>After waiting this long a visitor is offered a ticket (once); zero turns it off.</summary>
    public TimeSpan OfferTicketAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An agent who has not written in an assigned chat this long after the assignment loses it to the front of the
    /// queue (it goes to another agent) and is marked away; zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most chats assigned per script run (the loop repeats until nothing more fits).</summary>
    [Range(1, 1000)]
    public int AssignBatch { get; set; } = 100;
}
