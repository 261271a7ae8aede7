using System.Text;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;

namespace Chat.Tests.Moderation;

public sealed class LexiconRoleTests
{
    /// <summary>
    /// The built-in lexicons plus a file that adds <paramref name="extra"/> roles, one made-up word each
    /// ("rolxak", "rolxal", …: letters that no normalisation folds), and the rules and frame written over the last
    /// of them.
    /// </summary>
    private static List<KeyValuePair<string, string>> SourcesWithExtraRoles(int extra, string rules)
    {
        var file = new StringBuilder();
        for (var i = 0; i < extra; i++)
        {
            file.Append("[role ").Append(RoleName(i)).Append("]\n").Append(Word(i)).Append('\n');
        }

        file.Append(rules);
        return [.. LexiconProvider.BuiltIn(), new("zz-extra-roles.lex", file.ToString())];
    }

    private static string RoleName(int i) => $"extra{i}";

    private static string Word(int i) => $"rolx{"abcdefghij"[i / 10]}{"klmnopqrst"[i % 10]}";

    [Fact]
    public void ALexiconSetWithMoreThanSixtyFourRolesCompilesAndItsRulesOverTheHighRolesMatch()
    {
        var builtIn = Lexicon.Compile(LexiconProvider.BuiltIn());
        var extra = 60;
        var (a, b, c, f) = (RoleName(extra - 1), RoleName(extra - 2), RoleName(extra - 3), RoleName(extra - 4));
        var lexicon = Lexicon.Compile(SourcesWithExtraRoles(extra - 4, $"""

            [role {f} frame=clause only=STAFF_ABUSE]
            rolxzframe
            [rule STAFF_ABUSE block why=insult]
            all: {a} {b}
            none: {c}
            near: 3
            [role {a}]
            rolxzalpha
            [role {b}]
            rolxzbeta
            [role {c}]
            rolxzgamma

            """));
        var engine = new ModerationEngine(lexicon);

        lexicon.Groups.Length.Should().BeGreaterThan(64).And.Be(builtIn.Groups.Length + extra);
        Array.IndexOf(lexicon.Groups, a).Should().BeGreaterThanOrEqualTo(64, "the rule must name roles beyond the first 64 bits");

        engine.Evaluate("halo rolxzalpha rolxzbeta ya", SenderRole.Visitor).Action.Should().Be(ModerationAction.Block);
        engine.Evaluate("halo rolxzalpha saja ya", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow);
        engine.Evaluate("rolxzalpha satu dua tiga empat rolxzbeta", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow, "near: 3 holds beyond bit 64 too");
        engine.Evaluate("rolxzalpha rolxzbeta rolxzgamma", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow, "none: excludes a role beyond bit 64");
        engine.Evaluate("rolxzframe rolxzalpha rolxzbeta", SenderRole.Visitor).Action.Should().Be(ModerationAction.Flag, "a frame on a role beyond bit 64 lowers the rule");
        engine.Evaluate("rolxzframe. rolxzalpha rolxzbeta", SenderRole.Visitor).Action.Should().Be(ModerationAction.Block, "the frame covers its own clause only");
    }

    [Theory]
    [InlineData("all: you mild_insult\nrival: self for you\n", "*needs 'near: N'*")]
    [InlineData("all: you mild_insult\nnear: 4\nrival: self for family\n", "*family is not one of the rule's 'all:' roles*")]
    [InlineData("all: you mild_insult\nnear: 4\nrival: self\n", "*then 'for' and the rule's roles*")]
    public void ARivalRoleNeedsADistanceAndARoleOfTheRuleToCompeteWith(string lines, string message)
    {
        var sources = new List<KeyValuePair<string, string>>(LexiconProvider.BuiltIn()) { new("zz-rival.lex", "[rule STAFF_ABUSE block]\n" + lines) };

        var compile = () => Lexicon.Compile(sources);

        compile.Should().Throw<FormatException>().WithMessage("zz-rival.lex:*" + message[1..]);
    }

    [Fact]
    public void ALexiconSetWithMoreRolesThanAMaskHoldsIsRefusedWithTheCount()
    {
        var builtIn = Lexicon.Compile(LexiconProvider.BuiltIn());
        var extra = Lexicon.MaxRoles - builtIn.Groups.Length + 1;

        var compile = () => Lexicon.Compile(SourcesWithExtraRoles(extra, string.Empty));

        compile.Should().Throw<FormatException>().WithMessage($"*{Lexicon.MaxRoles + 1} roles*at most {Lexicon.MaxRoles}*");
        Lexicon.Compile(SourcesWithExtraRoles(extra - 1, string.Empty)).Groups.Length.Should().Be(Lexicon.MaxRoles);
    }
}
