using Chat.Agent.Resources;
using Chat.Server.Hubs.Contracts;

namespace Chat.Agent.Live;

/// <summary>Labels for values the console shows, in the circuit's language.</summary>
public static class PresenceText
{
    public static string Of(PresenceStatus status) => Ui.T("Presence" + status);

    public static string Topic(string topic) => Topics.IsKnown(topic) ? Ui.T("Topic" + char.ToUpperInvariant(topic[0]) + topic[1..]) : topic;

    public static string Ticket(TicketStatus status) => Ui.T("Ticket" + status);

    public static string Source(TicketSource source) => Ui.T("Source" + source);

    public static string VisitorStatus(string status) => status switch
    {
        "active" => Ui.T("VisitorActive"),
        "suspended" => Ui.T("VisitorSuspended"),
        "closed" => Ui.T("VisitorClosed"),
        _ => status,
    };

    public static string Close(CloseReason reason) => Ui.T("Close" + reason);

    /// <summary>Why a chat left the desk, from <see cref="ChatView.Revoked"/>.</summary>
    public static string Revoked(string code) => code switch
    {
        "transferred" => Ui.T("RevokedTransferred"),
        "heartbeat_expired" => Ui.T("RevokedExpired"),
        "agent_offline" => Ui.T("RevokedOffline"),
        "queue" => Ui.T("RevokedQueue"),
        "gone" => Ui.T("RevokedGone"),
        _ when code.StartsWith("moved:", StringComparison.Ordinal) => Ui.T("RevokedMoved", code["moved:".Length..]),
        _ => code,
    };

    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? Ui.T("DurationHours", (int)span.TotalHours, span.Minutes)
        : span.TotalMinutes >= 1 ? Ui.T("DurationMinutes", (int)span.TotalMinutes, span.Seconds) : Ui.T("DurationSeconds", Math.Max(0, span.Seconds));

    public static string Wita(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("dd MMM HH:mm", System.Globalization.CultureInfo.CurrentCulture);
}
