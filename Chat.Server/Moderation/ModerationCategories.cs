namespace Chat.Server.Moderation;

/// <summary>The policy categories, in the order that decides which clause a verdict cites when several apply.</summary>
public static class ModerationCategories
{
    public const string Sara = "SARA";
    public const string Pornografi = "PORNOGRAFI";
    public const string Penipuan = "PENIPUAN";
    public const string Spam = "SPAM";
    public const string StaffAbuse = "STAFF_ABUSE";

    public static IReadOnlyList<string> All { get; } = [Sara, Pornografi, Penipuan, Spam, StaffAbuse];

    public static int IndexOf(string category)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], category, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Clause 1 (SARA, pornography, fraud), clause 3 (spam), clause 6 (treatment of staff).</summary>
    public static string Clause(string category) => category switch
    {
        Spam => "3",
        StaffAbuse => "6",
        _ => "1",
    };
}
