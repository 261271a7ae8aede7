using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Chat.Agent.Live;

/// <summary>
/// Tells the session whether the browser is still attached. Blazor keeps a disconnected circuit for minutes in
/// case the tab comes back; heartbeats pause meanwhile, so an agent who closed the tab goes offline when presence
/// expires instead of receiving chats nobody sees.
/// </summary>
internal sealed class ConsoleCircuitHandler(ConsoleSession session) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.BrowserAttached = false;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.BrowserAttached = true;
        return Task.CompletedTask;
    }
}
