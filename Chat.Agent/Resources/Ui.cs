using System.Globalization;
using System.Resources;

namespace Chat.Agent.Resources;

/// <summary>
/// Console text from <c>Ui.resx</c> (Bahasa Indonesia, the neutral language) and <c>Ui.en.resx</c>. The circuit's
/// UI culture (from the culture cookie, default Indonesian) picks the language.
/// </summary>
public static class Ui
{
    private static readonly ResourceManager Resources = new("Chat.Agent.Resources.Ui", typeof(Ui).Assembly);

    public static string T(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);
}
