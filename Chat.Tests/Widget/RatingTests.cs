using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Widget;

public sealed class RatingTests
{
    [Fact]
    public async Task VisitorRatesTheirOwnClosedChatOnceAndNoOneElsesOrAnOpenOne()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var (_, agentHub, _) = await cluster.OnlineAgentAsync(topics: [Topics.Other]);
        var (visitor, visitorHub, _) = await cluster.ConnectedVisitorAsync();
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, "Tanya jadwal pelatihan"));
        var conversation = start.Chat!.ConversationId;
        using var http = cluster.Http(token: visitor.Token);
        var path = new Uri($"/api/visitors/me/conversations/{conversation}/rating", UriKind.Relative);

        (await http.PostAsJsonAsync(path, new RateConversationRequest(5, null))).StatusCode.Should().Be(HttpStatusCode.Conflict, "the chat is still open");
        await agentHub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(conversation, true, null));

        (await http.PostAsJsonAsync(path, new RateConversationRequest(6, null))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var other = await cluster.RegisterVisitorAsync();
        using var stranger = cluster.Http(token: other.Token);
        (await stranger.PostAsJsonAsync(path, new RateConversationRequest(1, "bukan milik saya"))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var first = await http.PostAsJsonAsync(path, new RateConversationRequest(4, "  Membantu  "));
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        (await first.Content.ReadFromJsonAsync<ConversationRating>())!.Comment.Should().Be("Membantu");
        (await http.PostAsJsonAsync(path, new RateConversationRequest(5, null))).StatusCode.Should().Be(HttpStatusCode.Conflict, "a chat is rated once");
    }
}
