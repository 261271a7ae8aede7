using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Faults;

/// <summary>
/// Faults injected into a real deployment (Chat.Server processes behind deploy/'s nginx) while chats are sending:
/// afterwards every acknowledged message is stored once, in the order it was sent, and held by both sides.
/// bench/faults.sh runs the same scenarios with more chats and prints their reports.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests
{
    /// <summary>Routing:HeartbeatTtl in the network scenarios: the time an agent's presence outlives its last heartbeat.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KilledInstanceClientsReconnectThroughNginxAndEveryAckedMessageArrivesOnceInOrder()
    {
        await using var rig = await FaultRig.StartAsync(servers: 2);
        var chats = await rig.OpenChatsAsync(Math.Max(2, FaultRig.Pairs));
        var victim = 0;
        var onVictim = new List<ResilientChatClient>();
        foreach (var client in chats.SelectMany(c => new[] { c.Visitor, c.Agent }))
        {
            if (await rig.InstanceOfAsync(client) == victim)
            {
                onVictim.Add(client);
            }
        }

        onVictim.Should().Contain(c => chats.Any(p => p.Visitor == c)).And.Contain(c => chats.Any(p => p.Agent == c), "the instance to kill holds a visitor and an agent");

        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var traffic = FaultRig.TrafficAsync(chats, FaultRig.MessagesPerSide, third);
        await third.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await rig.Servers[victim].KillAsync();
        await traffic.WaitAsync(TimeSpan.FromMinutes(4));

        var report = await FaultRig.CheckAsync("kill -9 of an instance", chats);
        report.Should().Match<FaultReport>(r => r.Lost == 0 && r.Duplicated == 0 && r.OutOfOrder == 0, report.ToString());
        report.Acked.Should().Be(chats.Count * 2 * FaultRig.MessagesPerSide);
        foreach (var client in onVictim)
        {
            client.Reconnects.Should().BeGreaterThan(0, "its connection broke with the instance");
            (await rig.InstanceOfAsync(client)).Should().Be(1, "nginx sends it to the surviving instance");
        }
    }

    [Fact]
    public async Task RedisRestartDuringTrafficLosesNothingAcked()
    {
        await using var rig = await FaultRig.StartAsync(servers: 2, ownRedis: true);
        var chats = await rig.OpenChatsAsync(FaultRig.Pairs);

        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var traffic = FaultRig.TrafficAsync(chats, FaultRig.MessagesPerSide, third);
        await third.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await rig.Redis!.StopAsync();
        await OutageAsync(chats);
        await rig.Redis.StartAgainAsync();
        await traffic.WaitAsync(TimeSpan.FromMinutes(4));

        var report = await FaultRig.CheckAsync(FaultRig.Outage > TimeSpan.Zero ? $"Redis down {FaultRig.Outage.TotalSeconds:0} s" : "Redis restart", chats);
        report.Should().Match<FaultReport>(r => r.Lost == 0 && r.Duplicated == 0 && r.OutOfOrder == 0, report.ToString());
        report.Acked.Should().Be(chats.Count * 2 * FaultRig.MessagesPerSide);
        report.Retries.Should().BeGreaterThan(0, "sends during the outage failed and were sent again");
    }

    [Fact]
    public async Task PostgresOutageDuringTrafficLosesNothingAcked()
    {
        await using var rig = await FaultRig.StartAsync(servers: 2, ownDatabase: true);
        var chats = await rig.OpenChatsAsync(FaultRig.Pairs);

        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var traffic = FaultRig.TrafficAsync(chats, FaultRig.MessagesPerSide, third);
        await third.Task.WaitAsync(TimeSpan.FromMinutes(2));
        // In the suite, the test's own database goes away as a restart looks to the servers (every connection
        // dropped, new ones refused) without stopping other tests' databases; bench/faults.sh restarts the server.
        await DatabaseAsync(rig, reachable: false);
        await OutageAsync(chats);
        await DatabaseAsync(rig, reachable: true);
        await traffic.WaitAsync(TimeSpan.FromMinutes(4));

        var report = await FaultRig.CheckAsync(
            (Environment.GetEnvironmentVariable("CHAT_FAULTS_PG_STOP") is { Length: > 0 } ? "PostgreSQL server " : "PostgreSQL database ")
            + (FaultRig.Outage > TimeSpan.Zero ? $"down {FaultRig.Outage.TotalSeconds:0} s" : "restart"),
            chats);
        report.Should().Match<FaultReport>(r => r.Lost == 0 && r.Duplicated == 0 && r.OutOfOrder == 0, report.ToString());
        report.Acked.Should().Be(chats.Count * 2 * FaultRig.MessagesPerSide);
        report.Retries.Should().BeGreaterThan(0, "sends during the outage failed and were sent again");
    }

    [Fact]
    public async Task AnAgentWhoseNetworkDropsInsideTheGraceKeepsTheChatAndMissesNothing()
    {
        await using var rig = await FaultRig.StartAsync(servers: 2, configure: s => s["Routing:HeartbeatTtl"] = Grace.ToString());
        await using var network = new TcpRelay(rig.Front.BaseAddress.Port);
        var chat = (await rig.OpenChatsAsync(1, network.BaseAddress)).Single();
        chat.Agent.StartHeartbeats(TimeSpan.FromSeconds(1));

        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var traffic = FaultRig.TrafficAsync([chat], FaultRig.MessagesPerSide, third);
        await third.Task.WaitAsync(TimeSpan.FromMinutes(2));
        network.Drop();
        await chat.Agent.LostOnce.WaitAsync(TimeSpan.FromMinutes(1));
        network.Restore();
        await traffic.WaitAsync(TimeSpan.FromMinutes(4));

        var report = await FaultRig.CheckAsync($"agent's network dropped, back inside the grace ({Grace.TotalSeconds:0} s)", [chat]);
        report.Should().Match<FaultReport>(r => r.Lost == 0 && r.Duplicated == 0 && r.OutOfOrder == 0, report.ToString());
        report.Acked.Should().Be(2 * FaultRig.MessagesPerSide);
        network.Cut.Should().BeGreaterThan(0);
        chat.Agent.Reconnects.Should().BeGreaterThan(0);
        chat.Visitor.Events.All<ChatRequeued>(nameof(IVisitorClient.ChatRequeued)).Should().BeEmpty("the agent came back before its presence expired");
        (await chat.Agent.Hub.InvokeAsync<IReadOnlyList<AgentChat>>(nameof(IAgentHub.GetMyChats))).Should().ContainSingle(c => c.ConversationId == chat.Conversation);
    }

    [Fact]
    public async Task AnAgentWhoseNetworkStaysDownPastTheGraceLosesTheChatToAColleagueAndNothingIsLost()
    {
        await using var rig = await FaultRig.StartAsync(servers: 2, configure: s => s["Routing:HeartbeatTtl"] = Grace.ToString());
        await using var network = new TcpRelay(rig.Front.BaseAddress.Port);
        var chat = (await rig.OpenChatsAsync(1, network.BaseAddress)).Single();
        chat.Agent.StartHeartbeats(TimeSpan.FromSeconds(1));
        var colleague = await rig.OnlineAgentAsync(1);
        colleague.StartHeartbeats(TimeSpan.FromSeconds(1));
        var perSide = FaultRig.MessagesPerSide;
        for (var k = 1; k <= perSide / 3; k++)
        {
            await chat.Visitor.SendAsync($"Sebelum putus {k}", TimeSpan.FromMinutes(1));
            await chat.Agent.SendAsync($"Baik, langkah {k}", TimeSpan.FromMinutes(1));
        }

        // The agent's network goes and stays away: the visitor keeps writing into the chat, which goes back to the
        // queue once the agent's presence expires and on to the colleague.
        network.Drop();
        var visitorSide = Task.Run(async () =>
        {
            for (var k = perSide / 3 + 1; k <= perSide; k++)
            {
                await chat.Visitor.SendAsync($"Masih menunggu {k}", TimeSpan.FromMinutes(2));
            }
        });
        var requeued = await chat.Visitor.Events.WaitAsync<ChatRequeued>(nameof(IVisitorClient.ChatRequeued), r => r.ConversationId == chat.Conversation, TimeSpan.FromMinutes(1));
        await colleague.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == chat.Conversation, TimeSpan.FromMinutes(1));
        colleague.Join(chat.Conversation);
        await visitorSide.WaitAsync(TimeSpan.FromMinutes(4));
        network.Restore();

        // The colleague holds everything, the visitor too; the first agent's acknowledged messages are all stored, and
        // a message it sends into the chat it lost is refused with a reason, not taken.
        var report = await FaultRig.CheckAsync($"agent's network down past the grace ({Grace.TotalSeconds:0} s)", [new ChatPair(chat.Conversation, chat.Visitor, colleague)]);
        report.Should().Match<FaultReport>(r => r.Lost == 0 && r.Duplicated == 0 && r.OutOfOrder == 0, report.ToString());
        report.Acked.Should().Be(perSide);
        var history = await colleague.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), chat.Conversation, 0L);
        history.Select(m => m.ClientMessageId).Should().Contain(chat.Agent.Acked.Select(a => (Guid?)a.ClientMessageId));
        requeued.Reason.Should().NotBeNullOrEmpty();
        await Wait.UntilAsync(() => Task.FromResult(chat.Agent.Hub.State), s => s == HubConnectionState.Connected, "the first agent to reconnect", TimeSpan.FromMinutes(1));
        (await chat.Agent.Hub.InvokeAsync<IReadOnlyList<AgentChat>>(nameof(IAgentHub.GetMyChats))).Should().NotContain(c => c.ConversationId == chat.Conversation);
        var refused = async () => await chat.Agent.SendAsync("Maaf, koneksi saya tadi putus", TimeSpan.FromSeconds(30));
        HubErrors.CodeOf((await refused.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message).Should().Be(HubErrors.NotYourConversation);
    }

    /// <summary>
    /// The fault lasts until a sender has noticed it (a send failed and waits in its outbox), and then for
    /// <see cref="FaultRig.Outage"/> more when bench/faults.sh asks for a long outage.
    /// </summary>
    private static async Task OutageAsync(IReadOnlyList<ChatPair> chats)
    {
        await Task.WhenAny(chats.Select(c => c.Visitor.FailedOnce).Concat(chats.Select(c => c.Agent.FailedOnce))).WaitAsync(TimeSpan.FromMinutes(1));
        if (FaultRig.Outage > TimeSpan.Zero)
        {
            // The scenario's length (e.g. "down for 10 s"), not a wait for an event.
            await Task.Delay(FaultRig.Outage);
        }
    }

    private static async Task DatabaseAsync(FaultRig rig, bool reachable)
    {
        var command = Environment.GetEnvironmentVariable(reachable ? "CHAT_FAULTS_PG_START" : "CHAT_FAULTS_PG_STOP");
        if (string.IsNullOrEmpty(command))
        {
            await TestServices.SetDatabaseReachableAsync(rig.Admin.Prefix, reachable);
            return;
        }

        using var process = System.Diagnostics.Process.Start("bash", ["-c", command]);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        process.ExitCode.Should().Be(0, command);
    }
}

/// <summary>The fault scenarios start several processes each; they run one after another, beside the rest of the suite.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    public const string Name = "Faults";
}
