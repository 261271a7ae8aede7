using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Routing;

public static class ServiceStatusEndpoints
{
    /// <summary>GET /api/service-status: whether the helpdesk is open and who is online, so the widget can offer chat or the offline form.</summary>
    public static IEndpointRouteBuilder MapServiceStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/service-status", async (BusinessHours hours, Router router) =>
        {
            var topics = new List<TopicAvailability>();
            foreach (var topic in Topics.All)
            {
                topics.Add(new TopicAvailability(topic, (await router.PlaceAsync(topic)).AgentsOnline));
            }

            return new ServiceStatus(hours.IsOpen(), hours.Describe(), topics);
        });
        return app;
    }
}
