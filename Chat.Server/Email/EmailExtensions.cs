namespace Chat.Server.Email;

public static class EmailExtensions
{
    /// <summary>The outbox and its sender, verification codes, and (when an IMAP host is set) the helpdesk mailbox reader.</summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<TicketMailFiles>();
        services.AddSingleton<EmailCodes>();
        services.AddSingleton<VisitorEmail>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddSingleton<InboundMailProcessor>();
        services.AddSingleton<TranscriptMail>();
        services.AddSingleton<EmailStatusStore>();
        if (!string.IsNullOrEmpty(builder.Configuration[$"{EmailOptions.Section}:Imap:Host"]))
        {
            services.AddSingleton<InboundMailService>();
            services.AddHostedService(sp => sp.GetRequiredService<InboundMailService>());
        }
        return builder;
    }
}
