# The learned layer joins the rules here. `model` is a pseudo-role: for the rules of one category it is present
# when the model scores the message (visitors' messages only) at or above that category's block threshold. A score
# alone is only a flag for review; it blocks when the message also holds a role that makes it believable for that
# category, and frames (reports, quotations, scam questions) lower it like every other finding.

# SARA: the score, with a group named; a question about a group ("boleh orang X jadi penyedia kah?") only a flag.
[rule SARA block why=hate]
all: identity model
none: report quote question
scope: message

# Staff abuse: the score, with the reader or their family addressed.
[rule STAFF_ABUSE block why=insult]
all: you model
none: report quote self
scope: message

[rule STAFF_ABUSE block why=threat]
all: family model
none: report quote
scope: message

# Sexual harassment: the score, with the reader, a body word or a request for media.
[rule PORNOGRAFI block why=sexual]
all: you model
none: report quote
scope: message

[rule PORNOGRAFI block why=sexual]
all: body model
none: report quote
scope: message

[rule PORNOGRAFI block why=sexual]
all: media model
none: report quote
scope: message

# Fraud: the score, with money, a credential, a claim of authority, a payment or a prize.
[rule PENIPUAN block]
all: money model
none: report quote deny legit_payment
scope: message

[rule PENIPUAN block why=credential]
all: credential model
none: report quote negate
scope: message

[rule PENIPUAN block why=impersonation]
all: authority model
none: report quote
scope: message

[rule PENIPUAN block]
all: payment model
none: report quote legit_payment
scope: message

[rule PENIPUAN block why=prize]
all: prize model
none: report quote
scope: message

# Spam: the score, with a link that is not official, or a contact or promotion word.
[rule SPAM block]
all: extlink model
none: report quote
scope: message

[rule SPAM block]
all: promo model
none: report quote
scope: message

[rule SPAM block]
all: contact model
none: report quote
scope: message
