namespace Chat.Server.Infrastructure;

/// <summary>
/// Every Redis key the server uses, in one place. Layout (P = configured prefix, default "chat"):
/// <code>
/// P:{routing}:queue:all            ZSET  conversation id → enqueue time (ms); global first-come-first-served order
/// P:{routing}:queue:TOPIC          ZSET  conversation id → enqueue time (ms); per-topic positions
/// P:{routing}:conv:ID              HASH  topic, visitor, queuedAt, agent, assignedAt   (routed or waiting chats)
/// P:{routing}:agents               SET   agent ids that are online or away
/// P:{routing}:agent:ID             HASH  name, status, capacity, topics (",a,b,"), lastAssigned, indexed, indexedCap
/// P:{routing}:agentchats:ID        SET   conversation ids assigned to the agent (its load is SCARD)
/// P:{routing}:presence             ZSET  agent id → heartbeat expiry (ms)
/// P:{routing}:online:TOPIC         ZSET  agents online for TOPIC → heartbeat expiry (ms)          } the rule of who may
/// P:{routing}:free:TOPIC           ZSET  those with a free seat → load × 10¹³ + lastAssigned (ms) } take a chat, as
/// P:{routing}:seats                HASH  TOPIC → capacity of the agents in online:TOPIC           } indexes (Routing/Scripts/agents.include.lua)
/// P:{routing}:stats                HASH  avgHandleMs (moving average of chat durations)
/// P:{routing}:sweep                STR   short lock so one instance runs each periodic sweep
/// P:{metrics}:push               STR   short lock so one instance pushes each round of live queue figures
/// P:{metrics}:sample             STR   short lock so one instance stores each metrics sample for the charts
/// P:{rate:SENDER}                  STR   messages in the current rate window of one sender
/// P:{mod:SENDER}:flood             STR   messages in the current flood window of one visitor (moderation, clause 3)
/// P:{mod:SENDER}:links             STR   links sent in the current link-burst window
/// P:{mod:SENDER}:repeat:HASH       STR   times the same normalised message was sent in the repeat window
/// P:{email}:codes:addr:HASH        STR   email codes asked for one address this hour (HASH: of the lower-cased address)
/// P:{email}:codes:ip:ADDRESS       STR   email codes one client address asked for this hour
/// P:signalr:                       the SignalR backplane's channel prefix
/// P:{login}:fail:USER:ADDR        STR   failed sign-ins of one staff username from one address (expires with the window)
/// P:{login}:from:ADDR             STR   failed sign-ins from one address over all usernames
/// P:{login}:code:STAFF            STR   wrong second-factor codes for one staff account from any address
/// P:limit:NAME:CALLER             STR   requests in the current window of one request limit (registration, sign-in, tickets…)
/// P:sessions                       CHANNEL account changed (user id): drop cached checks, close its connections
/// P:dataprotection                 LIST  data-protection key ring shared by every instance
/// </code>
/// Routing keys share the hash tag {routing} so each Lua script touches a single Redis Cluster slot;
/// the scripts build further routing key names from the prefix for that reason. A sender's moderation counters
/// share the tag {mod:SENDER} so one script updates them together.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>Prefix of every routing key, passed to Lua scripts.</summary>
    public string Routing => $"{Prefix}:{{routing}}:";

    public string QueueAll => Routing + "queue:all";

    public string Queue(string topic) => Routing + "queue:" + topic;

    public string Conversation(Guid id) => Routing + "conv:" + id.ToString("N");

    public string Agents => Routing + "agents";

    public string Agent(Guid id) => Routing + "agent:" + id.ToString("N");

    public string AgentChats(Guid id) => Routing + "agentchats:" + id.ToString("N");

    public string Presence => Routing + "presence";

    public string OnlineAgents(string topic) => Routing + "online:" + topic;

    public string FreeAgents(string topic) => Routing + "free:" + topic;

    public string Seats => Routing + "seats";

    public string Stats => Routing + "stats";

    public string SweepLock => Routing + "sweep";

    public string LoginFailures(string username, string address) => $"{Prefix}:{{login}}:fail:{username.ToLowerInvariant()}:{address}";

    public string LoginFailuresFrom(string address) => $"{Prefix}:{{login}}:from:{address}";

    public string Limit(string name, string partition) => $"{Prefix}:limit:{name}:{partition}";

    public string TwoFactorFailures(Guid staffId) => $"{Prefix}:{{login}}:code:{staffId:N}";

    public string SessionSignals => $"{Prefix}:sessions";

    public string MetricsPushLock => $"{Prefix}:{{metrics}}:push";

    public string MetricsSampleLock => $"{Prefix}:{{metrics}}:sample";

    public string RateWindow(Guid senderId) => $"{Prefix}:{{rate:{senderId:N}}}";

    public string ModerationFlood(Guid senderId) => $"{Prefix}:{{mod:{senderId:N}}}:flood";

    public string ModerationLinks(Guid senderId) => $"{Prefix}:{{mod:{senderId:N}}}:links";

    public string ModerationRepeat(Guid senderId, ulong textHash) => $"{Prefix}:{{mod:{senderId:N}}}:repeat:{textHash:x16}";

    public string SignalRChannelPrefix => Prefix + ":signalr:";

    public string DataProtection => Prefix + ":dataprotection";

    public string EmailCodesForAddress(string addressHash) => $"{Prefix}:{{email}}:codes:addr:{addressHash}";

    public string EmailCodesForClient(string clientIp) => $"{Prefix}:{{email}}:codes:ip:{clientIp}";
}
