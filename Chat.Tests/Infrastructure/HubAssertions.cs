using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Infrastructure;

public static class HubAssertions
{
    /// <summary>Invokes a hub method expecting a refusal; returns the error code (the part before ": ") and message.</summary>
    public static async Task<(string? Code, string Message)> RefusedAsync(this HubConnection hub, string method, params object?[] args)
    {
        var act = () => hub.InvokeCoreAsync(method, typeof(object), args);
        var error = (await act.Should().ThrowAsync<HubException>()).Which;
        return (HubErrors.CodeOf(error.Message), error.Message);
    }
}
