using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chat.Server.Widget;

/// <summary>
/// The bundled widget files (built by Chat.Widget into wwwroot/widget). Read once per file change; the loader gets the
/// allow-list written into it so it can refuse to run on other sites before drawing anything.
/// </summary>
public sealed class WidgetAssets(IOptions<WidgetOptions> options, IWebHostEnvironment environment)
{
    private const string ConfigPlaceholder = "\"__LPSE_CHAT_CONFIG__\"";
    private readonly Lock gate = new();
    private readonly Dictionary<string, (DateTime Stamp, WidgetFile File)> cache = new(StringComparer.Ordinal);

    public string Folder { get; } = ResolveFolder(options.Value, environment);

    public WidgetFile? Get(string name)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            return null;
        }

        var stamp = File.GetLastWriteTimeUtc(path);
        lock (gate)
        {
            if (cache.TryGetValue(name, out var hit) && hit.Stamp == stamp)
            {
                return hit.File;
            }
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        if (name == "loader.js")
        {
            var config = JsonSerializer.Serialize(new { origins = options.Value.AllowedOrigins });
            text = text.Replace(ConfigPlaceholder, config, StringComparison.Ordinal);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var file = new WidgetFile(bytes, Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant());
        lock (gate)
        {
            cache[name] = (stamp, file);
        }

        return file;
    }

    private static string ResolveFolder(WidgetOptions options, IWebHostEnvironment environment)
    {
        if (!string.IsNullOrEmpty(options.AssetsPath))
        {
            return Path.GetFullPath(options.AssetsPath, environment.ContentRootPath);
        }

        string[] candidates =
        [
            Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), "widget"),
            Path.Combine(AppContext.BaseDirectory, "wwwroot", "widget"),
        ];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "app.js"))) ?? candidates[0];
    }
}

/// <summary>A widget file's bytes and a short content hash (used as the cache-busting version).</summary>
public sealed record WidgetFile(byte[] Content, string Version);
