# Clause 1: pornography.

[term PORNOGRAFI block]
bokep* | porno | porn | pornhub | xvideos | xnxx | hentai | video mesum | vidio mesum | video syur | foto bugil | bugil
telanjang | ngentot* | entot* | ngewe | open bo | openbo | vcs | video call sex | sange | sangean | colmek | coli
onani | masturbasi | ngaceng | crot | ml yuk | ngeseks | ngentd | ngntd | ngewek | jilmek | sepong* | nyepong
ngocok | bugil* | birahi | cabul | video porno | foto porno | situs porno | film porno | bokp | b0kep | pukimai

# Vulgar words for body parts, mostly used as curses: hidden.
[term PORNOGRAFI mask]
kontol* | kntl | memek* | pepek | toket* | jembut | itil | titit | peler | pler | kimpet | tete | pentil | toge
puki | pukimak | palir | kalamin | tempik | pantek | pukih | palirnya | pukinya

# Sexual harassment of staff (the roles live in staff-abuse.lex): the same findings also name PORNOGRAFI, so the
# verdict carries both categories and clause 1 decides.
[rule PORNOGRAFI block why=sexual]
all: sexual_remark

[rule PORNOGRAFI block why=sexual]
all: body appraisal
near: 4
scope: message

[rule PORNOGRAFI block why=sexual]
all: you touch

[rule PORNOGRAFI block why=sexual]
all: media private
none: quote question
