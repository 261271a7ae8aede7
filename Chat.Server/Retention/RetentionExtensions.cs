namespace Chat.Server.Retention;

public static class RetentionExtensions
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder, bool schedule = true)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionStore>();
        builder.Services.AddSingleton<DisclosureStore>();
        if (schedule)
        {
            builder.Services.AddHostedService<RetentionScheduler>();
        }

        return builder;
    }

    /// <summary>POST /api/supervision/disclosures/{id}/close: the lawful request is finished; its legal hold ends.</summary>
    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/supervision/disclosures/{id:guid}/close", async (Guid id, DisclosureStore disclosures, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                await disclosures.CloseAsync(id, Accounts.ChatClaims.Id(user), ct)
                    ? Results.NoContent()
                    : throw Infrastructure.ChatError.NotFound("disclosure_not_found", "DisclosureNotFound"))
            .RequireAuthorization(Accounts.ChatClaims.SupervisorPolicy);
        return app;
    }
}
