using System.Text;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Moderation;

public sealed class ModerationEngineTests
{
    private static readonly ModerationEngine Engine = new(Lexicon.Compile(LexiconProvider.BuiltIn()));

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Moderation", "cases.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t', 4);
            data.Add(parts[0], parts[1], parts[2], parts[3]);
        }

        return data;
    }

    [Fact]
    public void EveryHarmfulHelpdeskCaseIsWithheldAndNoBenignOneIs()
    {
        var wrong = new List<string>();
        var count = 0;
        foreach (var (label, expect, role, text) in Cases().Select(row => ((string)row[0], (string)row[1], (string)row[2], (string)row[3])))
        {
            count++;
            var verdict = Engine.Evaluate(text, role == "agent" ? SenderRole.Agent : SenderRole.Visitor);
            var withheld = verdict.Action is ModerationAction.Mask or ModerationAction.Block;
            if (withheld != (expect == "withheld") || (withheld && !verdict.Categories.Contains(label)))
            {
                wrong.Add($"{label}/{expect}/{role}: '{text}' → {verdict.Action} [{string.Join(",", verdict.Categories)}]");
            }
        }

        count.Should().BeGreaterThan(300);
        wrong.Should().BeEmpty();
    }

    [Theory]
    [InlineData("dasar g0bl0k sistem ini", "dasar ****** sistem ini")]
    [InlineData("anjiiing, lupa lagi", "********, lupa lagi")]
    [InlineData("k.a.m.p.r.e.t", "*************")]
    [InlineData("a n j i n g", "* * * * * *")]
    [InlineData("ａｎｊｉｎｇ banget", "****** banget")]
    [InlineData("dasar bego, sistemnya error", "dasar ****, sistemnya error")]
    public void MaskedTextKeepsItsLengthAndHidesOnlyTheOffendingWords(string text, string delivered)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().Be(ModerationAction.Mask);
        verdict.DeliveredText.Should().Be(delivered);
        verdict.Clause.Should().Be("6");
        verdict.Explanation.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("kafir semua", "SARA", "1")]
    [InlineData("video bokep", "PORNOGRAFI", "1")]
    [InlineData("jual akun spse", "PENIPUAN", "1")]
    [InlineData("slot gacor", "SPAM", "3")]
    [InlineData("saya bunuh kamu", "STAFF_ABUSE", "6")]
    public void BlockedMessagesCiteTheClauseOfTheirCategoryAndDeliverNothing(string text, string category, string clause)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().Be(ModerationAction.Block);
        verdict.Categories.Should().Contain(category);
        verdict.Clause.Should().Be(clause);
        verdict.DeliveredText.Should().BeNull();
    }

    [Theory]
    [InlineData("anjir susah banget")]
    [InlineData("sialan, error lagi")]
    public void FrustrationIsDeliveredAndAtMostFlagged(string text)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().BeOneOf(ModerationAction.Allow, ModerationAction.Flag);
        verdict.DeliveredText.Should().Be(text);
    }

    [Theory]
    [InlineData("ÀNJÏNG", " anjing ")]
    [InlineData("Ｇｏｂｌｏｋ", " goblok ")]
    [InlineData("ΒΑΝGSΑΤ", " bangsat ")]
    [InlineData("go\u200bbl\u00adok", " goblok ")]
    [InlineData("kata2 dokumen2", " kata dokumen ")]
    [InlineData("Rp 500.000", " rp 500 000 ")]
    [InlineData("t.o.l.o.l banget", " tolol banget ")]
    [InlineData("di a", " di a ")]
    public void NormalisationUndoesCommonEvasions(string text, string normalized)
    {
        var trace = new ModerationTrace();
        Engine.Evaluate(text, SenderRole.Visitor, trace);

        trace.Normalized.Should().Be(normalized);
    }

    [Fact]
    public void RandomUnicodeUpTo64KilobytesNeverThrowsAndTheMatcherDoesWorkLinearInTheText()
    {
        var random = new Random(20261125);
        var lexiconChars = "anjing goblok kafir bokep slot gacor jual akun password otp 0134 .-_@$ ";
        for (var round = 0; round < 200; round++)
        {
            var length = round < 190 ? random.Next(0, 2048) : 64 * 1024;
            var sb = new StringBuilder(length);
            while (sb.Length < length)
            {
                var pick = random.Next(10);
                if (pick < 4)
                {
                    sb.Append(lexiconChars[random.Next(lexiconChars.Length)]);
                }
                else if (pick < 9)
                {
                    sb.Append((char)random.Next(0, 0xFFFF));
                }
                else
                {
                    sb.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF) is var cp && cp is >= 0xD800 and <= 0xDFFF ? 0x1F600 : cp));
                }
            }

            var text = sb.ToString();
            var trace = new ModerationTrace();
            var verdict = Engine.Evaluate(text, round % 2 == 0 ? SenderRole.Visitor : SenderRole.Agent, trace);

            verdict.Should().NotBeNull();
            if (verdict.DeliveredText is { } delivered)
            {
                delivered.Length.Should().Be(text.Length);
            }

            AssertLinear(text, trace);
        }
    }

    [Theory]
    [InlineData("a")]
    [InlineData("anjing ")]
    [InlineData("a n j i n g ")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")]
    [InlineData("ﷺ")]
    [InlineData("jual akun password kirim otp ")]
    public void AdversarialRepetitionsUpTo64KilobytesStayLinear(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, (64 * 1024) / unit.Length));
        var trace = new ModerationTrace();

        Engine.Evaluate(text, SenderRole.Agent, trace);

        AssertLinear(text, trace);
    }

    [Fact]
    public void ALexiconDirectoryOverridesTheBuiltInOnReloadWithoutRestartAndABrokenFileIsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("lexicons-");
        try
        {
            using var provider = new LexiconProvider(directory.FullName, watch: false);
            var engine = new ModerationEngine(() => provider.Current);
            engine.Evaluate("dasar kadal buntung", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow);

            File.WriteAllText(Path.Combine(directory.FullName, "local.lex"), "[term STAFF_ABUSE mask]\nkadal buntung\n");
            provider.Reload();
            engine.Evaluate("dasar kadal buntung", SenderRole.Visitor).DeliveredText.Should().Be("dasar ***** *******");

            File.WriteAllText(Path.Combine(directory.FullName, "broken.lex"), "[term NOT_A_CATEGORY mask]\nx\n");
            provider.Invoking(p => p.Reload()).Should().Throw<FormatException>().WithMessage("*broken.lex:1*");
            engine.Evaluate("dasar kadal buntung", SenderRole.Visitor).Action.Should().Be(ModerationAction.Mask);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AWatchedLexiconDirectoryIsReloadedAfterAFileChanges()
    {
        var directory = Directory.CreateTempSubdirectory("lexicons-");
        try
        {
            using var provider = new LexiconProvider(directory.FullName);
            var engine = new ModerationEngine(() => provider.Current);
            engine.Evaluate("jual kadal murah", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow);

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "local.lex"), "[term SPAM block]\njual kadal\n");

            // The watcher reloads on its own thread once the folder is quiet: poll the lexicon in force, with a bound.
            await Wait.UntilAsync(() => Task.FromResult(engine.Evaluate("jual kadal murah", SenderRole.Visitor).Action),
                action => action == ModerationAction.Block, "the watched lexicon to be reloaded");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void AssertLinear(string text, ModerationTrace trace)
    {
        // Every UTF-16 unit folds to at most 18 characters (the longest compatibility decomposition) plus a space;
        // the matcher takes one step per character plus one per match, and matches per position are bounded by
        // the number of patterns ending there, itself bounded by the lexicon (not the text).
        trace.NormalizedLength.Should().BeLessThanOrEqualTo((19 * text.Length) + 2);
        trace.MatcherSteps.Should().BeLessThanOrEqualTo(8L * (trace.NormalizedLength + 1));
    }
}
