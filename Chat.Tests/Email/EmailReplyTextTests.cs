using Chat.Server.Email;
using MimeKit;

namespace Chat.Tests.Email;

/// <summary>Only the new text of a reply reaches a ticket: quotes, quote headers and signatures are cut, HTML becomes text.</summary>
public sealed class EmailReplyTextTests
{
    [Theory]
    [InlineData("Sudah bisa, terima kasih.\n\nPada Sel, 1 Des 2026 pukul 10.00, HELPDESK <helpdesk@lpse.test> menulis:\n> Silakan coba lagi", "Sudah bisa, terima kasih.")]
    [InlineData("Masih gagal.\n\nOn Tue, 1 Dec 2026 at 10:00, HELPDESK\n<helpdesk@lpse.test> wrote:\n> Please try again", "Masih gagal.")]
    [InlineData("Baik.\n-- \nBudi Santoso\nCV Maju Jaya", "Baik.")]
    [InlineData("Terlampir.\n\n-----Original Message-----\nFrom: HELPDESK\nSent: Tuesday", "Terlampir.")]
    [InlineData("Oke\n\nDikirim dari Yahoo Mail di Android", "Oke")]
    [InlineData("##- Balas di atas baris ini -##\nisi lama", "")]
    [InlineData("Baris satu\n> kutipan\nBaris dua", "Baris satu\nBaris dua")]
    public void TheNewPartIsKept(string body, string expected) => ReplyText.NewPart(body).Should().Be(expected);

    [Fact]
    public void HtmlOnlyMailBecomesTextWithoutScriptsStylesOrQuotedBlocks()
    {
        var message = new MimeMessage { Body = new TextPart("html")
        {
            Text = "<html><head><style>p{color:red}</style></head><body><div>Halo&nbsp;tim,</div><p>Akun <b>terkunci</b> &amp; tidak bisa masuk.</p>" +
                "<script>alert('x')</script><div class=\"gmail_quote\"><blockquote>Pesan lama</blockquote></div><img src=x onerror=alert(1)></body></html>",
        } };
        ReplyText.Extract(message).Should().Be("Halo tim,\nAkun terkunci & tidak bisa masuk.");
    }

    [Fact]
    public void AVeryLongReplyIsCutToTheTicketEntryLimit()
    {
        ReplyText.NewPart(new string('a', 10_000)).Should().HaveLength(ReplyText.MaxLength).And.EndWith("…");
    }
}
