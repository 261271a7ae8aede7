using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Attachments;

/// <summary>An assigned chat between a fresh visitor and a fresh online agent.</summary>
public sealed record AttachmentChat(
    Guid ConversationId,
    VisitorSession Visitor,
    HubConnection VisitorHub,
    EventLog VisitorEvents,
    StaffSession Agent,
    HubConnection AgentHub,
    EventLog AgentEvents);

/// <summary>The attachment HTTP API as the widget and console call it.</summary>
public static class AttachmentApi
{
    public static async Task<AttachmentChat> ChatAsync(ChatCluster cluster, int agentInstance = 0, int visitorInstance = 0)
    {
        var agent = await cluster.OnlineAgentAsync(instance: agentInstance);
        var visitor = await cluster.ConnectedVisitorAsync(instance: visitorInstance);
        var start = await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, null));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == start.Chat!.ConversationId);
        return new AttachmentChat(start.Chat!.ConversationId, visitor.Visitor, visitor.Hub, visitor.Events, agent.Staff, agent.Hub, agent.Events);
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient http, Guid? conversationId, string name, byte[] content, string? ticket = null)
    {
        var query = conversationId is { } id ? $"conversationId={id}" : ticket is not null ? $"ticket={Uri.EscapeDataString(ticket)}" : string.Empty;
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return http.PostAsync(new Uri($"/api/attachments?{query}&name={Uri.EscapeDataString(name)}", UriKind.Relative), body);
    }

    public static async Task<UploadedAttachment> UploadOkAsync(HttpClient http, Guid? conversationId, string name, byte[] content, string? ticket = null)
    {
        using var response = await UploadAsync(http, conversationId, name, content, ticket);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Upload of {name} refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<UploadedAttachment>())!;
    }

    /// <summary>The problem's status, stable code and the text a person reads.</summary>
    public static async Task<(HttpStatusCode Status, string? Code, string? Detail)> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return (response.StatusCode, null, null);
        }

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return (response.StatusCode,
            root.TryGetProperty("code", out var code) ? code.GetString() : null,
            root.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
    }

    public static async Task<AttachmentLink> LinkAsync(HttpClient http, Guid id)
    {
        using var response = await http.PostAsync(new Uri($"/api/attachments/{id}/link", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AttachmentLink>())!;
    }

    /// <summary>Gets a link as the client's viewer, then opens it with the same client.</summary>
    public static async Task<HttpResponseMessage> DownloadAsync(HttpClient http, Guid id) =>
        await http.GetAsync(new Uri((await LinkAsync(http, id)).Url, UriKind.Relative));
}
