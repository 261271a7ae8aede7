namespace Chat.Server.Widget;

public static class WidgetExtensions
{
    public static WebApplicationBuilder AddWidget(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WidgetOptions>()
            .BindConfiguration(WidgetOptions.Section)
            .Validate(o => o.AllowedOrigins.Count > 0, "Widget:AllowedOrigins needs at least one origin (the LPSE site).")
            .Validate(o => o.AllowedOrigins.All(WidgetOptions.IsValidPattern),
                "Widget:AllowedOrigins entries must be bare lower-case origins such as https://lpse.tanahlautkab.go.id or http://localhost:*.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WidgetAssets>();
        return builder;
    }
}
