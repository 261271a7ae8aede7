namespace Chat.Server.Widget;

public static class WidgetExtensions
{
    public static WebApplicationBuilder AddWidget(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WidgetOptions>()
            .BindConfiguration(WidgetOptions.Section)
            .Configure<IConfiguration>((o, config) =>
            {
                // Also accept one comma- or space-separated value (handy in an environment variable: Widget__AllowedOrigins).
                var raw = config[$"{WidgetOptions.Section}:{nameof(WidgetOptions.AllowedOrigins)}"];
                foreach (var origin in raw?.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
                {
                    if (!o.AllowedOrigins.Contains(origin, StringComparer.Ordinal))
                    {
                        o.AllowedOrigins.Add(origin);
                    }
                }
            })
            .Validate(o => o.AllowedOrigins.Count > 0, "Widget:AllowedOrigins needs at least one origin (the LPSE site).")
            .Validate(o => o.AllowedOrigins.All(WidgetOptions.IsValidPattern),
                "Widget:AllowedOrigins entries must be bare lower-case origins such as https://lpse.tanahlautkab.go.id or http://localhost:*.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WidgetAssets>();
        return builder;
    }
}
