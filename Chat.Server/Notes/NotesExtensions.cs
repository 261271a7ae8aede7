namespace Chat.Server.Notes;

public static class NotesExtensions
{
    public static WebApplicationBuilder AddNotes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NoteStore>();
        builder.Services.AddSingleton<NoteService>();
        return builder;
    }
}
