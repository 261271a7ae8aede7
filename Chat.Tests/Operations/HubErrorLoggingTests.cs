using System.Reflection;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Chat.Tests.Operations;

/// <summary>
/// A refusal (empty message, unknown chat, overload) is an answer to the caller, not a fault of the service: it must
/// not fill the operators' error log, where at overload thousands a second would bury the real faults and cost more
/// than the refusal itself. A real fault in a hub method is still logged as an error, with the method and the caller.
/// </summary>
public sealed class HubErrorLoggingTests
{
    [Fact]
    public async Task RefusalsReachTheCallerWithoutAnErrorLogEntry()
    {
        await using var cluster = await ChatCluster.StartAsync(host: b => b.ConfigureServices(s => s.AddFakeLogging()));
        var collector = cluster[0].Services.GetFakeLogCollector();
        var (_, hub, _) = await cluster.ConnectedVisitorAsync();

        var (code, message) = await hub.RefusedAsync(nameof(IVisitorHub.SendMessage), new SendMessageRequest(Guid.NewGuid(), Guid.NewGuid(), "halo"));
        code.Should().Be(HubErrors.ConversationNotFound);
        message.Should().NotBeNullOrWhiteSpace();
        (await hub.RefusedAsync(nameof(IVisitorHub.SendMessage), new SendMessageRequest(Guid.NewGuid(), Guid.NewGuid(), string.Empty))).Code
            .Should().BeOneOf(HubErrors.MessageEmpty, HubErrors.ConversationNotFound);

        collector.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(r => $"{r.Category}: {r.Message}")
            .Should().BeEmpty("a refused call is answered, not logged as a fault");
        collector.GetSnapshot().Where(r => r.Category == ChatErrorHubFilter.HubDispatcherCategory).Select(r => $"{r.Level}: {r.Message}")
            .Should().BeEmpty("an invocation is not logged line by line (Microsoft.AspNetCore logs at Warning)");
    }

    [Fact]
    public async Task AFaultInAHubMethodIsLoggedAsAnErrorWithTheMethodAndTheCaller()
    {
        var logger = new FakeLogger<ChatErrorHubFilter>();
        var filter = new ChatErrorHubFilter(logger);
        var context = Invocation("visitor:42");

        var refusal = () => filter.InvokeMethodAsync(context, _ => throw new ChatError(HubErrors.MessageEmpty, 400, "Pesan kosong.")).AsTask();
        (await refusal.Should().ThrowAsync<HubException>()).Which.Message.Should().Be("message_empty: Pesan kosong.");
        logger.Collector.Count.Should().Be(0);

        var fault = () => filter.InvokeMethodAsync(context, _ => throw new InvalidOperationException("disk full")).AsTask();
        await fault.Should().ThrowAsync<InvalidOperationException>();
        logger.Collector.Count.Should().Be(1);
        var entry = logger.Collector.LatestRecord;
        entry.Level.Should().Be(LogLevel.Error);
        entry.Exception.Should().BeOfType<InvalidOperationException>();
        entry.Message.Should().Contain(nameof(IVisitorHub.SendMessage)).And.Contain("visitor:42");
    }

    private static HubInvocationContext Invocation(string user)
    {
        var method = typeof(VisitorHub).GetMethod(nameof(IVisitorHub.SendMessage), BindingFlags.Public | BindingFlags.Instance)!;
        var hub = (Hub)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(VisitorHub));
        return new HubInvocationContext(new Caller(user), new ServiceCollection().BuildServiceProvider(), hub, method, []);
    }

    private sealed class Caller(string user) : HubCallerContext
    {
        public override string ConnectionId => "test-connection";

        public override string? UserIdentifier => user;

        public override System.Security.Claims.ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
