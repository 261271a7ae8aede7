// The agent console is built on this host; until its pages land, it answers a health probe.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health/live", () => "ok");
app.Run();
