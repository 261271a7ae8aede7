using System.Globalization;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation.Learning;

namespace Chat.Server.Moderation;

internal sealed partial class ModerationEngine
{
    public ModerationEngine(Lexicon lexicon, LearnedModel? model)
        : this(() => lexicon, () => model)
    {
    }

    /// <summary>
    /// The rules decide every category they found (they are explainable and know which words to mask). The model's
    /// score alone is at most a flag (a supervisor reviews it): a score reaches a block only through a rule that pairs
    /// the <c>model</c> pseudo-role with the roles that make it believable (a group named, the reader addressed, money
    /// or a credential), so a frame lowers it like any other finding and a helpdesk sentence that merely resembles the
    /// corpus's harmful lines is delivered.
    /// </summary>
    private static void JoinLearned(ModerationAction[] best, ReadOnlySpan<ModerationAction> learned)
    {
        for (var c = 0; c < best.Length; c++)
        {
            if (best[c] == ModerationAction.Allow && learned[c] == ModerationAction.Block)
            {
                best[c] = ModerationAction.Flag;
            }
        }
    }

    /// <summary>
    /// Below this many words the model is not asked: a message of one or two words ("kamu?", "foto", "halo kamu") holds
    /// too few n-grams for a score to mean anything (one n-gram of an insult family dominates it), and the lexicons
    /// already judge every short insult by its words.
    /// </summary>
    private const int MinimumWordsForTheModel = 3;

    private static int Words(ReadOnlySpan<char> normalized)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in normalized)
        {
            var letter = c != ' ' && c != NormalizedText.ClauseBreak;
            words += letter && !inWord ? 1 : 0;
            inWord = letter;
        }

        return words;
    }

    /// <summary>
    /// The learned layer's finding: each category's probability against the thresholds stored with the model (chosen
    /// on a validation slice of the training data) raises that category to flag or block, like any other finding, so
    /// the verdict names the category and its clause. The model has no spans, so it never masks. True when it found
    /// anything.
    /// </summary>
    private bool Learned(Span<ModerationAction> best, ReadOnlySpan<char> normalized, ModerationTrace? trace)
    {
        var current = model?.Invoke();
        if (current is null || Words(normalized) < MinimumWordsForTheModel)
        {
            return false;
        }

        Span<float> probabilities = stackalloc float[current.Categories.Count];
        current.Score(normalized, probabilities);
        var found = false;
        for (var k = 0; k < probabilities.Length; k++)
        {
            var category = current.Categories[k];
            var action = probabilities[k] >= category.BlockAt ? ModerationAction.Block
                : probabilities[k] >= category.FlagAt ? ModerationAction.Flag
                : ModerationAction.Allow;
            var index = current.CategoryIndex[k];
            if (action == ModerationAction.Allow || index < 0)
            {
                continue;
            }

            found = true;
            if (action > best[index])
            {
                best[index] = action;
            }

            trace?.Reasons.Add(string.Create(CultureInfo.InvariantCulture, $"model {category.Name} {action}: {probabilities[k]:0.000} (model {current.Version})"));
        }

        return found;
    }
}
