namespace Chat.Server.Moderation;

/// <summary>
/// The current lexicon: the built-in files (embedded), overlaid by an optional directory whose files replace
/// built-in ones of the same name or add new ones. The directory is watched, and <see cref="Reload"/> can be
/// called (REST). A lexicon that fails to compile is refused and the previous one stays in force.
/// </summary>
internal sealed class LexiconProvider : IDisposable
{
    private const string ResourcePrefix = "lexicon:";

    // Editors save in several steps (create, truncate, write): reload once the folder has been quiet this long.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly string? directory;
    private readonly ILogger? logger;
    private readonly FileSystemWatcher? watcher;
    private readonly ITimer? debounce;
    private readonly Lock reloading = new();
    private Lexicon current;

    public LexiconProvider(string? directory, ILogger? logger = null, bool watch = true, TimeProvider? time = null)
    {
        this.directory = string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(directory);
        this.logger = logger;
        current = Lexicon.Compile(Sources(this.directory));
        LoadedAt = DateTimeOffset.UtcNow;
        if (watch && this.directory is not null && Directory.Exists(this.directory))
        {
            debounce = (time ?? TimeProvider.System).CreateTimer(_ => TryReload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            watcher = new FileSystemWatcher(this.directory, "*.lex") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            watcher.Changed += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.Created += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.Deleted += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.Renamed += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.EnableRaisingEvents = true;
        }
    }

    public Lexicon Current => Volatile.Read(ref current);

    public DateTimeOffset LoadedAt { get; private set; }

    /// <summary>Recompiles from the sources; throws <see cref="FormatException"/> and keeps the old lexicon when they are invalid.</summary>
    public Lexicon Reload()
    {
        // One reload at a time, reading and publishing together, so an older read never replaces a newer one.
        lock (reloading)
        {
            var next = Lexicon.Compile(Sources(directory));
            Volatile.Write(ref current, next);
            LoadedAt = DateTimeOffset.UtcNow;
            return next;
        }
    }

    public void Dispose()
    {
        watcher?.Dispose();
        debounce?.Dispose();
    }

    /// <summary>The built-in lexicon files (name → text).</summary>
    public static Dictionary<string, string> BuiltIn()
    {
        var assembly = typeof(LexiconProvider).Assembly;
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources[name[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }

        return sources;
    }

    private static Dictionary<string, string> Sources(string? directory)
    {
        var sources = BuiltIn();
        if (directory is not null && Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.lex"))
            {
                sources[Path.GetFileName(file)] = File.ReadAllText(file);
            }
        }

        return sources;
    }

    private void TryReload()
    {
        try
        {
            Reload();
            logger?.LogInformation("Moderation lexicons reloaded from {Directory}", directory);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A file still being written or a mistake in it: the lexicon in force stays; the next change tries again.
            logger?.LogWarning(e, "Moderation lexicons in {Directory} were not reloaded", directory);
        }
    }
}

