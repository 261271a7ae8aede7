using Chat.Server.Infrastructure;
using StackExchange.Redis;

namespace Chat.Server.Routing;

/// <summary>
/// The routing Lua scripts in <c>Routing/Scripts</c> (embedded), the single owner of routing state in Redis. A line
/// <c>--#include NAME</c> is replaced by <c>NAME.include.lua</c>, so a rule shared by several scripts (which agent
/// may take a chat) is written once.
/// </summary>
public static class RoutingScripts
{
    public static LuaScript Load(string name) => LuaScript.Prepare(Text(name));

    /// <summary>The script's text with its includes expanded.</summary>
    public static string Text(string name)
    {
        var lines = Read($"{name}.lua").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("--#include ", StringComparison.Ordinal))
            {
                lines[i] = Read($"{lines[i]["--#include ".Length..].Trim()}.include.lua");
            }
        }

        return string.Join('\n', lines);
    }

    private static string Read(string file) => Migrator.ReadResource(typeof(RoutingScripts).Assembly, $"Chat.Server.Routing.Scripts.{file}");
}
