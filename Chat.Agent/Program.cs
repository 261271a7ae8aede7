using Chat.Agent.Account;
using Chat.Agent.Api;
using Chat.Agent.Attachments;
using Chat.Agent.Components;
using Chat.Agent.Live;
using Chat.Agent.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatServerApi()
    .AddStaffSignIn()
    .AddLiveConsole()
    .AddTrustedProxies();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseConsoleHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseRequestLocalization(o =>
{
    string[] cultures = ["id", "en"];
    o.SetDefaultCulture("id").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);

    // Indonesian unless the staff member chose English in the console (the culture cookie), whatever the browser says.
    o.RequestCultureProviders = [new Microsoft.AspNetCore.Localization.CookieRequestCultureProvider()];
});
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapGet("/health/live", () => "ok");
app.MapStaticAssets();
app.MapStaffSignIn();
app.MapConsoleAttachments();
app.MapDownloads();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
