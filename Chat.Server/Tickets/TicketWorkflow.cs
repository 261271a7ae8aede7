using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Tickets;

/// <summary>open → pending → resolved → closed, with reopening before a ticket is closed.</summary>
public static class TicketWorkflow
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.Open] = [TicketStatus.Pending, TicketStatus.Resolved],
        [TicketStatus.Pending] = [TicketStatus.Open, TicketStatus.Resolved],
        [TicketStatus.Resolved] = [TicketStatus.Closed, TicketStatus.Open],
        [TicketStatus.Closed] = [],
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => from == to || Allowed[from].Contains(to);

    public static bool IsWellFormedNumber(string? number) =>
        number is { Length: 14 } && number.StartsWith("TL-", StringComparison.Ordinal) && number[7] == '-'
        && number[3..7].All(char.IsAsciiDigit) && number[8..].All(char.IsAsciiDigit);
}
