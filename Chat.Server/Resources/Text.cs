using System.Globalization;
using System.Resources;

namespace Chat.Server.Resources;

/// <summary>
/// User-facing text from <c>Strings.resx</c> (Bahasa Indonesia, the neutral language) and <c>Strings.en.resx</c>.
/// The current UI culture picks the language; visitors choose it with <c>?lang=en</c> or Accept-Language.
/// </summary>
public static class Text
{
    private static readonly ResourceManager Resources = new("Chat.Server.Resources.Strings", typeof(Text).Assembly);

    public static string Get(string key) =>
        Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Get(string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(key), args);

    /// <summary>The Indonesian text, for records stored in the conversation (system messages).</summary>
    public static string Stored(string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Resources.GetString(key, CultureInfo.InvariantCulture) ?? key, args);

    /// <summary>A topic's display name.</summary>
    public static string Topic(string topicId) => Get("Topic" + char.ToUpperInvariant(topicId[0]) + topicId[1..]);
}
