using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;

namespace Chat.Tests.Moderation;

/// <summary>The compositional layer: roles within a clause decide category and clause; frames lower to a flag.</summary>
public sealed class ModerationIntentTests
{
    private static readonly ModerationEngine Engine = new(Lexicon.Compile(LexiconProvider.BuiltIn()));

    [Theory]
    [InlineData("admin goblok, dari tadi tidak dijawab", "STAFF_ABUSE", "6", "hinaan")]
    [InlineData("kamu anjing", "STAFF_ABUSE", "6", "hinaan")]
    [InlineData("pian ni bungul banar", "STAFF_ABUSE", "6", "hinaan")]
    [InlineData("mbak t0l0l ya", "STAFF_ABUSE", "6", "hinaan")]
    [InlineData("saya tahu rumahmu", "STAFF_ABUSE", "6", "ancaman")]
    [InlineData("keluargamu saya habisi", "STAFF_ABUSE", "6", "ancaman")]
    [InlineData("tunggu saja, kamu akan menyesal", "STAFF_ABUSE", "6", "ancaman")]
    [InlineData("kubunuh ikam kaina", "STAFF_ABUSE", "6", "ancaman")]
    [InlineData("pahanya mbak mulus banget", "PORNOGRAFI", "1", "pelecehan seksual")]
    [InlineData("kirim foto pribadi dong mbak", "PORNOGRAFI", "1", "pelecehan seksual")]
    [InlineData("orang cina itu licik semua", "SARA", "1", "SARA")]
    [InlineData("pegawai kristen tidak pantas jadi pokja", "SARA", "1", "SARA")]
    [InlineData("pendatang pulang saja ke kampungmu", "SARA", "1", "SARA")]
    [InlineData("orang madura kayak binatang", "SARA", "1", "SARA")]
    [InlineData("saya kasih 5 juta asal bisa menang tender", "PENIPUAN", "1", "suap")]
    [InlineData("ada fee 10 persen supaya kami lolos evaluasi", "PENIPUAN", "1", "suap")]
    [InlineData("mbak tolong kasih tau PIN akun admin", "PENIPUAN", "1", "OTP, PIN")]
    [InlineData("Kami dari LPSE, silakan transfer biaya aktivasi 150 ribu", "PENIPUAN", "1", "atas nama LPSE")]
    [InlineData("Selamat anda menang undian, klaim di hadiah-undian.xyz", "PENIPUAN", "1", "undian")]
    [InlineData("login di lpse-tanahlaut.com supaya akun aktif", "PENIPUAN", "1", "meniru situs resmi")]
    public void HarmfulIntentIsBlockedWithItsCategoryClauseAndReason(string text, string category, string clause, string reason)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().Be(ModerationAction.Block);
        verdict.Categories.Should().Contain(category);
        verdict.Clause.Should().Be(clause);
        verdict.DeliveredText.Should().BeNull();
        verdict.Explanation.Should().Contain(reason).And.Contain("butir " + clause).And.Contain("tulis ulang");
    }

    [Theory]
    [InlineData("pahanya mbak mulus banget")]
    [InlineData("mbak, kirim foto pribadimu dong")]
    [InlineData("ukuran bra admin berapa?")]
    public void SexualRemarksAboutStaffNameBothPornographyAndStaffAbuseAndClauseOneDecides(string text)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().Be(ModerationAction.Block);
        verdict.Categories.Should().Contain([ModerationCategories.Pornografi, ModerationCategories.StaffAbuse]);
        verdict.Clause.Should().Be("1");
        verdict.Explanation.Should().Contain("pelecehan seksual");
    }

    [Theory]
    [InlineData("Mohon sebutkan kode OTP yang masuk ke HP bapak")]
    [InlineData("tolong kirim token yang masuk ke email bapak")]
    public void AnAgentAskingForACredentialIsBlockedAsFraud(string text)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Agent);

        verdict.Action.Should().Be(ModerationAction.Block);
        verdict.Categories.Should().Equal(ModerationCategories.Penipuan);
    }

    [Theory]
    [InlineData("dia bilang saya bodoh karena salah upload")]
    [InlineData("dia bilang saya goblok, saya harus bagaimana?")]
    [InlineData("saya menerima pesan: kirim OTP anda ke nomor ini. apakah ini penipuan?")]
    [InlineData("ada orang mengaku dari LPSE minta transfer biaya admin, benarkah?")]
    [InlineData("saya memang goblok soal komputer")]
    [InlineData("aduh bodohnya saya, salah pilih file")]
    [InlineData("apakah link lpse-tanahlaut.com ini resmi tidak?")]
    public void ReportsQuotationsScamQuestionsAndSelfDeprecationAreDeliveredFlaggedAtMost(string text)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().BeOneOf(ModerationAction.Allow, ModerationAction.Flag);
        verdict.DeliveredText.Should().Be(text);
    }

    [Theory]
    [InlineData("pengadaan pakan ternak babi dan ayam untuk dinas peternakan")]
    [InlineData("kebun binatang butuh pakan monyet")]
    [InlineData("tunggu saja pak, saya sedang cek berkasnya")]
    [InlineData("saya tahu rumah sakit umum di Pelaihari")]
    [InlineData("server mati pak dari pagi")]
    [InlineData("rapat pukul 10 pak, di ruang pokja")]
    [InlineData("kalau menang tender, kapan kontrak ditandatangani?")]
    [InlineData("saya sudah transfer jaminan penawaran supaya penawaran kami lengkap")]
    [InlineData("jangan kasih tahu password ke siapa pun")]
    [InlineData("Saya orang Dayak, apakah bisa daftar jadi penyedia?")]
    [InlineData("bisa telepon helpdesk untuk konsultasi?")]
    [InlineData("link resmi lpse.tanahlautkab.go.id tidak bisa dibuka")]
    [InlineData("Pengadaan makan minum: paha ayam dan dada ayam")]
    [InlineData("badan usaha kami besar, kualifikasi apa?")]
    public void OrdinaryHelpdeskMessagesThatShareWordsWithHarmAreNotWithheld(string text)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().BeOneOf(ModerationAction.Allow, ModerationAction.Flag);
    }

    [Fact]
    public void ProfanityAimedAtNoOneIsMaskedAndTheSameWordAimedAtTheAgentIsBlocked()
    {
        Engine.Evaluate("anjing, error lagi", SenderRole.Visitor).DeliveredText.Should().Be("******, error lagi");
        Engine.Evaluate("anjing kamu, error lagi", SenderRole.Visitor).Action.Should().Be(ModerationAction.Block);
    }

    [Theory]
    [InlineData("helpdesk paling bodoh yang pernah saya temui", ModerationAction.Block)]
    [InlineData("saya rasa kamu memang tidak becus", ModerationAction.Block)]
    [InlineData("kamu yang bodoh, saya sudah benar mengisi", ModerationAction.Block)]
    [InlineData("maaf pak saya bodoh soal komputer", ModerationAction.Flag)]
    [InlineData("saya yang bodoh, mbak sudah benar", ModerationAction.Flag)]
    [InlineData("pak, ulun ni babal masalah aplikasi", ModerationAction.Flag)]
    [InlineData("maaf pak saya goblok soal komputer", ModerationAction.Mask)]
    public void AnInsultNamesWhicheverOfTheReaderAndTheWriterSitsNearerToIt(string text, ModerationAction action)
    {
        // The writer naming themselves elsewhere in the message does not excuse an insult beside the reader, and the
        // reader addressed elsewhere does not make self-deprecation abuse (a strong word is still hidden).
        Engine.Evaluate(text, SenderRole.Visitor).Action.Should().Be(action);
    }

    [Fact]
    public void RolesCountOnlyWithinOneClause()
    {
        // Money in one sentence and a question about winning in the next are not a bribe.
        Engine.Evaluate("Saya sudah bayar 2 juta untuk retribusi. Kalau bisa menang tender, apa syaratnya?", SenderRole.Visitor)
            .Action.Should().NotBe(ModerationAction.Block);
        Engine.Evaluate("Saya bayar 2 juta kalau bisa menang tender", SenderRole.Visitor).Action.Should().Be(ModerationAction.Block);
    }

    [Theory]
    [InlineData("s l o t gacor", " slot gacor ")]
    [InlineData("k.a.m.p.r.e.t", " kampret ")]
    [InlineData("k 4 f 1 r", " kafir ")]
    [InlineData("Halo. Saya mau tanya!", " halo | saya mau tanya | ")]
    [InlineData("Jl. A. Yani", " jl a yani ")]
    [InlineData("an\u202Ejing\u2066", " anjing ")]
    [InlineData("ko\u3164ntol", " ko ntol ")]
    [InlineData("1 2 3", " 1 2 3 ")]
    [InlineData("gоblоk ＡＮＪＩＮＧ", " goblok anjing ")]
    public void NormalisationJoinsSpelledLettersAndMarksClauses(string text, string normalized)
    {
        var trace = new ModerationTrace();
        Engine.Evaluate(text, SenderRole.Visitor, trace);

        trace.Normalized.Should().Be(normalized);
    }

    [Theory]
    [InlineData("s l o t g a c o r", "SPAM")]
    [InlineData("a n j i n g k a m u", "STAFF_ABUSE")]
    [InlineData("mbak ini go.b.l.o.k banget", "STAFF_ABUSE")]
    [InlineData("anj.ing kamu", "STAFF_ABUSE")]
    [InlineData("b 0 k e p gratis", "PORNOGRAFI")]
    public void WordsSpelledApartAreFoundInsideTheJoinedRunAndTheSplitWord(string text, string category)
    {
        var verdict = Engine.Evaluate(text, SenderRole.Visitor);

        verdict.Action.Should().BeOneOf(ModerationAction.Mask, ModerationAction.Block);
        verdict.Categories.Should().Contain(category);
    }

    [Theory]
    [InlineData("cases-heldout.tsv", 30, 25)]
    [InlineData("cases-heldout-fraud-threats.tsv", 25, 18)]
    [InlineData("cases-heldout-banjar.tsv", 40, 30)]
    public void HeldOutCasesWrittenBeforeTheRulesMeetTheTargets(string file, int minHarmful, int minBenign)
    {
        // Never used to adjust rules: only the figures are checked against the targets.
        var (harmful, harmfulWithheld, benign, benignWithheld) = (0, 0, 0, 0);
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Moderation", file)))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t', 4);
            var verdict = Engine.Evaluate(parts[3], parts[2] == "agent" ? SenderRole.Agent : SenderRole.Visitor);
            var withheld = verdict.Action is ModerationAction.Mask or ModerationAction.Block;
            if (parts[0] == "BENIGN")
            {
                benign++;
                benignWithheld += withheld ? 1 : 0;
            }
            else
            {
                harmful++;
                harmfulWithheld += withheld && verdict.Categories.Contains(parts[0]) ? 1 : 0;
            }
        }

        harmful.Should().BeGreaterThan(minHarmful);
        benign.Should().BeGreaterThan(minBenign);
        ((double)harmfulWithheld / harmful).Should().BeGreaterThanOrEqualTo(0.95);
        ((double)benignWithheld / benign).Should().BeLessThanOrEqualTo(0.05);
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "empty", string.Empty },
        { "64 KB of letters and spaces", string.Concat(Enumerable.Repeat("kamu a n j i n g ", 64 * 1024 / 17)) },
        { "lone surrogates", string.Concat(Enumerable.Repeat("\uD800a\uDC00b\uDBFF", 4000)) },
        { "control characters", string.Concat(Enumerable.Range(0, 32 * 500).Select(i => (char)(i % 32))) },
        { "10,000 emoji", string.Concat(Enumerable.Repeat("😀", 10_000)) },
        { "64 KB of clause breaks", string.Concat(Enumerable.Repeat("kamu! ", 64 * 1024 / 6)) },
        { "64 KB of split words", string.Concat(Enumerable.Repeat("a.n.j kamu.ing ", 64 * 1024 / 15)) },
        { "64 KB of one-letter runs with digits", string.Concat(Enumerable.Repeat("k 4 f 1 r ", 64 * 1024 / 10)) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputNeverThrowsAndTheWorkStaysLinear(string name, string text)
    {
        var trace = new ModerationTrace();

        var verdict = Engine.Evaluate(text, SenderRole.Visitor, trace);

        verdict.Should().NotBeNull(name);
        if (verdict.DeliveredText is { } delivered)
        {
            delivered.Length.Should().Be(text.Length);
        }

        trace.NormalizedLength.Should().BeLessThanOrEqualTo((19 * text.Length) + 2);

        // The main pass and at most two passes over words spelled apart, each one step per character plus matches.
        trace.MatcherSteps.Should().BeLessThanOrEqualTo(16L * (trace.NormalizedLength + 1));
    }
}
