namespace Chat.Server.Transfers;

public static class TransfersExtensions
{
    public static WebApplicationBuilder AddTransfers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TransferService>();
        return builder;
    }
}
