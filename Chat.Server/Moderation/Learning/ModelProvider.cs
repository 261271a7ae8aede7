namespace Chat.Server.Moderation.Learning;

/// <summary>
/// The learned model in force: the built-in file (embedded, <c>Moderation/Model/moderation.model</c>) or the file
/// named by <c>Moderation:ModelPath</c>, watched like the lexicon folder and reloadable by REST. A file that does not
/// load is refused and the previous model stays in force. <see cref="Current"/> is null when the layer is off.
/// </summary>
internal sealed class ModelProvider : IDisposable
{
    public const string ResourceName = "model:moderation.model";

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly string? path;
    private readonly bool enabled;
    private readonly ILogger? logger;
    private readonly FileSystemWatcher? watcher;
    private readonly ITimer? debounce;
    private readonly Lock reloading = new();
    private LearnedModel? current;

    public ModelProvider(string? path, bool enabled = true, ILogger? logger = null, bool watch = true, TimeProvider? time = null)
    {
        this.path = string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
        this.enabled = enabled;
        this.logger = logger;
        current = enabled ? Load(this.path) : null;
        LoadedAt = DateTimeOffset.UtcNow;
        var folder = this.path is null ? null : Path.GetDirectoryName(this.path);
        if (enabled && watch && folder is not null && Directory.Exists(folder))
        {
            debounce = (time ?? TimeProvider.System).CreateTimer(_ => TryReload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            watcher = new FileSystemWatcher(folder, Path.GetFileName(this.path!)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            watcher.Changed += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.Created += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.Renamed += (_, _) => debounce.Change(Quiet, Timeout.InfiniteTimeSpan);
            watcher.EnableRaisingEvents = true;
        }
    }

    public LearnedModel? Current => Volatile.Read(ref current);

    public DateTimeOffset LoadedAt { get; private set; }

    /// <summary>Reloads from the configured file (or the built-in one); throws <see cref="FormatException"/> and keeps the old model when it is invalid.</summary>
    public LearnedModel? Reload()
    {
        lock (reloading)
        {
            var next = enabled ? Load(path) : null;
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

    /// <summary>The model shipped in the assembly, or null when the build has none.</summary>
    public static LearnedModel? BuiltIn()
    {
        using var stream = typeof(ModelProvider).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : LearnedModel.Read(stream);
    }

    private static LearnedModel? Load(string? path)
    {
        if (path is null)
        {
            return BuiltIn();
        }

        try
        {
            using var file = File.OpenRead(path);
            return LearnedModel.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"model: {path}: {e.Message}", e);
        }
    }

    private void TryReload()
    {
        try
        {
            var model = Reload();
            logger?.LogInformation("Moderation model reloaded from {Path}: {Version}", path, model?.Version);
        }
        catch (FormatException e)
        {
            logger?.LogWarning(e, "Moderation model {Path} was not reloaded", path);
        }
    }
}
