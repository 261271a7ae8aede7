using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Agent.Live;

/// <summary>Turns a hub refusal (<c>"code: text"</c>) into the text to show.</summary>
public static class HubText
{
    public static string Of(HubException e)
    {
        var message = e.Message;
        var start = message.LastIndexOf("HubException: ", StringComparison.Ordinal);
        var body = start >= 0 ? message[(start + "HubException: ".Length)..] : message;
        return HubErrors.CodeOf(message) is { } code ? body[(code.Length + 2)..] : body;
    }
}
