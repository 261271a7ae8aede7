# Clause 1: pornography.

[term PORNOGRAFI block]
bokep* | porno | porn | pornhub | xvideos | xnxx | hentai | video mesum | vidio mesum | video syur | foto bugil | bugil
telanjang | ngentot* | entot* | ngewe | open bo | openbo | vcs | video call sex | sange | sangean | colmek | coli
onani | masturbasi | ngaceng | crot | ml yuk | ngeseks

# Vulgar words for body parts, mostly used as curses: hidden.
[term PORNOGRAFI mask]
kontol* | kntl | memek* | pepek | toket* | jembut | itil | titit | peler | pler | kimpet
