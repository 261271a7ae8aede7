using Chat.Server.Hubs.Contracts;

namespace Chat.Agent.Live;

/// <summary>Indonesian labels for values the console shows.</summary>
public static class PresenceText
{
    public static string Of(PresenceStatus status) => status switch
    {
        PresenceStatus.Online => "Online",
        PresenceStatus.Away => "Istirahat",
        _ => "Offline",
    };

    public static string Topic(string topic) => topic switch
    {
        Topics.Account => "Akun & Registrasi",
        Topics.Technical => "Kendala Teknis SPSE",
        Topics.Procurement => "Proses Pengadaan",
        Topics.Other => "Lainnya",
        _ => topic,
    };

    public static string Ticket(TicketStatus status) => status switch
    {
        TicketStatus.Open => "Terbuka",
        TicketStatus.Pending => "Menunggu",
        TicketStatus.Resolved => "Terselesaikan",
        _ => "Ditutup",
    };

    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours} j {span.Minutes} m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} m {span.Seconds} d" : $"{Math.Max(0, span.Seconds)} d";

    public static string Wita(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("dd MMM HH:mm", System.Globalization.CultureInfo.GetCultureInfo("id-ID"));
}
