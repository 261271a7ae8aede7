using System.Reflection;
using System.Text.RegularExpressions;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;

namespace Chat.Tests.Widget;

/// <summary>
/// Keeps Chat.Widget/src/protocol.ts in step with the C# hub contract: method names and arities, client events,
/// record fields with their types, enum values and error codes. A change on either side without the other fails here.
/// </summary>
public sealed partial class ProtocolMirrorTests
{
    private static readonly string Source = File.ReadAllText(Path.Combine(RepositoryRoot(), "Chat.Widget", "src", "protocol.ts"));
    private static readonly Assembly Contracts = typeof(ChatMessage).Assembly;
    private static readonly NullabilityInfoContext Nullability = new();

    [Fact]
    public void HubMethodsAndClientEventsMatchTheVisitorHubAndItsClientInterface()
    {
        var methods = HubMethods().ToDictionary(m => m.Name, m => m.GetParameters().Length);
        var mirrored = ObjectEntries("VisitorHubMethods").ToDictionary(e => e.Key, e => int.Parse(e.Value, System.Globalization.CultureInfo.InvariantCulture));
        mirrored.Should().BeEquivalentTo(methods);

        ArrayEntries("VisitorClientEvents").Should().BeEquivalentTo(typeof(IVisitorClient).GetMethods().Select(m => m.Name));
    }

    [Fact]
    public void ErrorCodesMatchHubErrors()
    {
        var codes = typeof(HubErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        ObjectEntries("HubErrors").ToDictionary(e => e.Key, e => e.Value.Trim('\'')).Should().BeEquivalentTo(codes);
    }

    [Fact]
    public void EnumValuesMatchTheContractEnums()
    {
        var mirrored = EnumRegex().Matches(Source).ToDictionary(m => m.Groups["type"].Value, m => Quoted(m.Groups["values"].Value));
        mirrored.Should().NotBeEmpty();
        foreach (var (name, values) in mirrored)
        {
            var type = ContractType(name);
            type.Should().NotBeNull($"protocol.ts mirrors enum {name}");
            values.Should().Equal(Enum.GetNames(type!), $"enum {name} values and order");
        }

        ReachableContractTypes().Where(t => t.IsEnum).Select(t => t.Name).Should().BeSubsetOf(mirrored.Keys);
    }

    [Fact]
    public void RecordFieldsMatchTheContractRecordsTheWidgetUses()
    {
        var interfaces = InterfaceRegex().Matches(Source).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);
        foreach (var (name, body) in interfaces.Where(i => i.Key != "Problem"))
        {
            var type = ContractType(name);
            type.Should().NotBeNull($"protocol.ts interface {name} mirrors a C# contract record");
            var expected = RecordParameters(type!).Select(p => $"{Camel(p.Name!)}: {TsType(p.ParameterType, Nullability.Create(p))}").ToList();
            var actual = FieldRegex().Matches(body).Select(f => $"{f.Groups["field"].Value}: {f.Groups["type"].Value}").ToList();
            actual.Should().Equal(expected, $"fields of {name}");
        }

        ReachableContractTypes().Where(t => !t.IsEnum).Select(t => t.Name).Should().BeSubsetOf(interfaces.Keys,
            "every record the visitor hub sends or receives is mirrored");
    }

    /// <summary>The hub's own public methods, including those from a shared base hub, not SignalR's Hub members.</summary>
    private static IEnumerable<MethodInfo> HubMethods() =>
        typeof(VisitorHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType!.Assembly == typeof(VisitorHub).Assembly && !m.IsSpecialName);

    private static IEnumerable<Type> ReachableContractTypes()
    {
        var roots = HubMethods()
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .Concat(typeof(IVisitorClient).GetMethods().SelectMany(m => m.GetParameters().Select(p => p.ParameterType)));
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            var inner = Unwrap(type);
            if (inner.Namespace != typeof(ChatMessage).Namespace || !seen.Add(inner))
            {
                continue;
            }

            if (!inner.IsEnum)
            {
                foreach (var p in RecordParameters(inner))
                {
                    pending.Push(p.ParameterType);
                }
            }
        }

        return seen;
    }

    private static Type Unwrap(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(Task<>) || g == typeof(Nullable<>) || g == typeof(IReadOnlyList<>))
            ? Unwrap(type.GetGenericArguments()[0])
            : type;

    private static ParameterInfo[] RecordParameters(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();

    private static string TsType(Type type, NullabilityInfo nullability)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null || nullability.ReadState == NullabilityState.Nullable;
        var core = underlying ?? type;
        var name = core switch
        {
            _ when core == typeof(string) || core == typeof(Guid) || core == typeof(DateTimeOffset) => "string",
            _ when core == typeof(int) || core == typeof(long) || core == typeof(short) || core == typeof(double) => "number",
            _ when core == typeof(bool) => "boolean",
            { IsGenericType: true } when core.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) =>
                TsType(core.GetGenericArguments()[0], nullability.GenericTypeArguments[0]) + "[]",
            _ => core.Name,
        };
        return nullable ? name + " | null" : name;
    }

    private static Type? ContractType(string name) => Contracts.GetType($"{typeof(ChatMessage).Namespace}.{name}");

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IEnumerable<KeyValuePair<string, string>> ObjectEntries(string constName)
    {
        var block = Regex.Match(Source, $@"export const {constName} = \{{(?<body>[^}}]*)\}} as const;");
        block.Success.Should().BeTrue($"protocol.ts declares {constName}");
        return EntryRegex().Matches(block.Groups["body"].Value).Select(m => KeyValuePair.Create(m.Groups["key"].Value, m.Groups["value"].Value));
    }

    private static List<string> ArrayEntries(string constName)
    {
        var block = Regex.Match(Source, $@"export const {constName} = \[(?<body>[^\]]*)\] as const;");
        block.Success.Should().BeTrue($"protocol.ts declares {constName}");
        return Quoted(block.Groups["body"].Value);
    }

    private static List<string> Quoted(string list) => [.. Regex.Matches(list, "'([^']*)'").Select(m => m.Groups[1].Value)];

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chat.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Chat.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"export const \w+ = \[(?<values>[^\]]*)\] as const;\s*export type (?<type>\w+) = \(typeof \w+\)\[number\];")]
    private static partial Regex EnumRegex();

    [GeneratedRegex(@"export interface (?<name>\w+) \{(?<body>[^}]*)\}")]
    private static partial Regex InterfaceRegex();

    [GeneratedRegex(@"^\s*(?<field>\w+)\??: (?<type>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex FieldRegex();

    [GeneratedRegex(@"(?<key>\w+): (?<value>'[^']*'|\d+),")]
    private static partial Regex EntryRegex();
}
