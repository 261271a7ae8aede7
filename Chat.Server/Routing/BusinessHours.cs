using System.Globalization;

namespace Chat.Server.Routing;

/// <summary>Service hours of the helpdesk, in WITA (Asia/Makassar) by default, with public holidays.</summary>
public sealed class BusinessHoursOptions
{
    public const string Section = "BusinessHours";

    /// <summary>True for a 24/7 service (used by the demo and tests).</summary>
    public bool AlwaysOpen { get; set; }

    public string TimeZone { get; set; } = "Asia/Makassar";

    /// <summary>Opening hours per day, "HH:mm-HH:mm"; a missing day is closed.</summary>
    public Dictionary<DayOfWeek, string> Days { get; set; } = new()
    {
        [DayOfWeek.Monday] = "08:00-16:00",
        [DayOfWeek.Tuesday] = "08:00-16:00",
        [DayOfWeek.Wednesday] = "08:00-16:00",
        [DayOfWeek.Thursday] = "08:00-16:00",
        [DayOfWeek.Friday] = "08:00-16:30",
    };

    /// <summary>Public holidays (yyyy-MM-dd, local date) when the helpdesk is closed.</summary>
    public List<string> Holidays { get; set; } = [];
}

public sealed class BusinessHours(Microsoft.Extensions.Options.IOptionsMonitor<BusinessHoursOptions> options, TimeProvider time)
{
    public bool IsOpen() => IsOpen(time.GetUtcNow());

    public bool IsOpen(DateTimeOffset at)
    {
        var o = options.CurrentValue;
        if (o.AlwaysOpen)
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone));
        if (o.Holidays.Contains(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparer.Ordinal))
        {
            return false;
        }

        if (!o.Days.TryGetValue(local.DayOfWeek, out var range) || !TryParse(range, out var open, out var close))
        {
            return false;
        }

        var now = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return now >= open && now < close;
    }

    /// <summary>A short description such as "Senin-Jumat 08:00-16:00 WITA", for the visitor.</summary>
    public string Describe()
    {
        var o = options.CurrentValue;
        if (o.AlwaysOpen)
        {
            return "24/7";
        }

        var culture = CultureInfo.CurrentUICulture;
        var zone = o.TimeZone == "Asia/Makassar" ? "WITA" : o.TimeZone;
        return string.Join(", ", o.Days.OrderBy(d => ((int)d.Key + 6) % 7)
            .Select(d => $"{culture.DateTimeFormat.GetAbbreviatedDayName(d.Key)} {d.Value}")) + " " + zone;
    }

    private static bool TryParse(string range, out TimeOnly open, out TimeOnly close)
    {
        open = close = default;
        var parts = range.Split('-', 2);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out open)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out close);
    }
}
