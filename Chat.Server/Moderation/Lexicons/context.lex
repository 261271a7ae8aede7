# Shared groups and allowed phrases. Written for this helpdesk; see docs/MODERATION.md for the format.

# Addressing someone: staff, the agent, "you" in Indonesian, Jakarta slang and Banjar.
[group you]
kamu | kau | engkau | dikau | lu | lo | elu | elo | loe | lw | situ | anda | kalian | ente | antum
mbak | mba | mas | kak | kakak | bang | abang | dek | adek | pak | bapak | bu | ibu | om | tante | sis | gan | bro
admin | min | cs | operator | petugas | helpdesk | staf | staff | pegawai | pns | agen | pokja | panitia
ikam | pian | sampian | kam | ketam

# The writer speaking of themselves.
[group self]
saya | aku | gue | gua | gw | ane | sy | aq | ulun | unda | kami | diriku | diri saya

# Words that turn a request into a warning, a question or a denial.
[group negate]
jangan | jgn | jngan | tidak | tdk | gak | ga | nggak | ngga | enggak | gk | tak | bukan | tanpa | dilarang | rahasiakan
lupa | reset | ganti | ubah | baru | ulang | gagal | salah | belum | hilang | kadaluarsa | kedaluwarsa | expired
bagaimana | gimana | cara | kenapa | mengapa | apakah | kok | knp | tidak pernah | tidak perlu

# Someone reporting or asking about fraud, not committing it.
[group report]
penipu* | tipu | ditipu | menipu | tertipu | modus | hoax | hoaks | waspada | hati hati | laporkan | melaporkan | lapor
apakah benar | apa benar | benarkah | betulkah | resmi | ditelepon | ditelpon | ditelfon | dihubungi | di wa | di whatsapp
mengaku | ngaku | ditawari | ditawarkan | menawari | katanya | ada orang | oknum | pengaduan | aduan | wbs | kpk | pungli
curiga | mencurigakan | palsu

# A denial inside a sentence about bribes ("tidak ada uang pelicin").
[group deny]
tidak ada | tak ada | gak ada | ga ada | tidak boleh | dilarang | jangan | tanpa | bukan | anti | menolak | tolak
tidak mau | tidak menerima | tidak pernah | haram | larangan

[allow]
jenis kelamin | daftar hitam | pantai batakan | begonia | kepala seksi | seksi pengadaan | kasi seksi
suku cadang | suku bunga | bodo amat | bodoh amat | amplop penawaran | sampul penawaran
