using System.Globalization;
using Chat.Server.Accounts;
using Chat.Server.Attachments;
using Chat.Server.ApiDocs;
using Chat.Server.Audit;
using Chat.Server.Backups;
using Chat.Server.CannedAnswers;
using Chat.Server.Commands;
using Chat.Server.Connections;
using Chat.Server.Conversations;
using Chat.Server.Disclosure;
using Chat.Server.Email;
using Chat.Server.Health;
using Chat.Server.Hubs;
using Chat.Server.Infrastructure;
using Chat.Server.Metrics;
using Chat.Server.Moderation;
using Chat.Server.Notes;
using Chat.Server.Observability;
using Chat.Server.Routing;
using Chat.Server.Security;
using Chat.Server.RateLimits;
using Chat.Server.Ratings;
using Chat.Server.Retention;
using Chat.Server.Supervision;
using Chat.Server.Tickets;
using Chat.Server.Transfers;
using Chat.Server.Widget;

if (CommandDispatcher.IsCommand(args))
{
    return await CommandDispatcher.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddInfrastructure()
    .AddAudit()
    .AddBackups()
    .AddObservability()
    .AddRetention()
    .AddDisclosure()
    .AddApiDocs()
    .AddAccounts()
    .AddChatRouting()
    .AddConversations()
    .AddTickets()
    .AddRatings()
    .AddWidget()
    .AddModeration()
    .AddHubs()
    .AddSecurity()
    .AddMetrics()
    .AddNotes()
    .AddTransfers()
    .AddCannedAnswers()
    .AddSupervision()
    .AddEmail()
    .AddHealth()
    .AddConnectionCap()
    .AddRequestLimits()
    .AddAttachments();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ChatErrorHandler>();

var app = builder.Build();
await app.Services.GetRequiredService<Migrator>().MigrateAsync();
await app.Services.GetRequiredService<PolicyStore>().SeedAsync(CancellationToken.None);

app.UseTrustedProxies();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLocalization(o =>
{
    // Bahasa Indonesia first; visitors switch with ?lang=en (the widget sends it on every call).
    string[] cultures = ["id", "en"];
    o.SetDefaultCulture("id").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
    o.RequestCultureProviders.Insert(0, new Microsoft.AspNetCore.Localization.QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" });
});
app.UseConnectionCap();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapAccounts();
app.MapTickets();
app.MapRatings();
app.MapWidget();
app.MapServiceStatus();
app.MapModeration();
app.MapChatHubs();
app.MapMetrics();
app.MapTransfers();
app.MapCannedAnswers();
app.MapSupervision();
app.MapAudit();
app.MapBackups();
app.MapObservability();
app.MapDisclosure();
app.MapApiDocs();
app.MapEmail();
app.MapAttachments();

app.Run();
return 0;

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
