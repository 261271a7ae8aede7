using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using StackExchange.Redis;

namespace Chat.Tests.Routing;

/// <summary>
/// Recomputes the agent indexes (<c>online:TOPIC</c>, <c>free:TOPIC</c>, <c>seats</c>) from the agents' own state by the
/// rule in <c>agents.include.lua</c> (online, heartbeat not expired at <paramref name="now"/>, load below capacity) and
/// lists every difference from what Redis holds.
/// </summary>
internal static class AgentIndexCheck
{
    public static async Task<List<string>> ProblemsAsync(IDatabase db, RedisKeys keys, IEnumerable<Guid> agents, long now)
    {
        var online = Topics.All.ToDictionary(t => t, _ => new Dictionary<string, double>());
        var free = Topics.All.ToDictionary(t => t, _ => new Dictionary<string, double>());
        var seats = Topics.All.ToDictionary(t => t, _ => 0L);
        foreach (var agent in agents)
        {
            var id = agent.ToString("N");
            var h = await db.HashGetAsync(keys.Agent(agent), ["status", "capacity", "topics", "lastAssigned"]);
            if (h[0] != "online" || await db.SortedSetScoreAsync(keys.Presence, id) is not { } expiry || expiry <= now)
            {
                continue;
            }

            var capacity = (long)h[1];
            var load = await db.SetLengthAsync(keys.AgentChats(agent));
            var last = h[3].IsNull ? 0 : (long)h[3];
            foreach (var topic in h[2].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                online[topic][id] = expiry;
                seats[topic] += capacity;
                if (load < capacity)
                {
                    free[topic][id] = (load * 1e13) + last;
                }
            }
        }

        var problems = new List<string>();
        foreach (var topic in Topics.All)
        {
            Compare($"online:{topic}", online[topic], await EntriesAsync(db, keys.OnlineAgents(topic)), problems);
            Compare($"free:{topic}", free[topic], await EntriesAsync(db, keys.FreeAgents(topic)), problems);
            var held = (long?)await db.HashGetAsync(keys.Seats, topic) ?? 0;
            if (held != seats[topic])
            {
                problems.Add($"seats of {topic}: {held}, the rule says {seats[topic]}");
            }
        }

        return problems;
    }

    private static void Compare(string index, Dictionary<string, double> expected, Dictionary<string, double> actual, List<string> problems)
    {
        foreach (var (id, score) in expected)
        {
            if (!actual.TryGetValue(id, out var found))
            {
                problems.Add($"{index}: agent {id} missing (score {score})");
            }
            else if (found != score)
            {
                problems.Add($"{index}: agent {id} scored {found}, the rule says {score}");
            }
        }

        problems.AddRange(actual.Keys.Where(id => !expected.ContainsKey(id)).Select(id => $"{index}: agent {id} should not be there"));
    }

    private static async Task<Dictionary<string, double>> EntriesAsync(IDatabase db, string key) =>
        (await db.SortedSetRangeByRankWithScoresAsync(key)).ToDictionary(e => e.Element.ToString(), e => e.Score);
}
