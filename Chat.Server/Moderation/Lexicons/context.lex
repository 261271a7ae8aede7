# Shared roles, frames and allowed phrases. Written for this helpdesk; see docs/MODERATION.md for the format.

# TARGET: the reader — staff, the agent, "you" in Indonesian, Jakarta slang and Banjar (Kuala: ikam, Hulu: nyawa).
[role you]
kamu | kau | engkau | dikau | lu | lo | elu | elo | loe | lw | situ | anda | kalian | ente | antum | km | kmu
mbak | mba | mbaknya | mbake | mas | masnya | kak | kakak | kakaknya | bang | abang | dek | adek | pak | bapak | bu | ibu
om | tante | sis | gan | bro | neng | nona
admin | adminnya | min | mimin | cs | operator | petugas | petugasnya | helpdesk | staf | staff | pegawai | pns | agen
pokja | panitia | pejabat | pelayan | pelayanan
ikam | pian | sampian | kam | ketam | nyawa | kalian berdua

# TARGET: the reader's family and home (threats aimed at them).
[role family]
keluargamu | keluarga kamu | keluarga anda | keluarga ikam | keluarga pian | anakmu | anak kamu | anak anda | anak ikam
istrimu | istri kamu | suamimu | suami kamu | anak istri | anak istrimu | bini ikam | laki ikam | anak bini
ibumu | bapakmu | ibu kamu | bapak kamu | uma ikam | abah ikam | mama ikam | rumahmu | rumah kamu | rumah anda | rumah ikam
rumah pian | kantormu | kantor kamu | kantor kalian | kantor ikam

# The writer speaking of themselves: lowers an insult to a flag when no one else is addressed in the clause.
[role self frame=clause only=STAFF_ABUSE unless=you,family on=insult,mild_insult]
saya | aku | gue | gua | gw | ane | sy | aq | ulun | unda | kami | diriku | diri saya | aku ni | ulun ni

# FRAMES: the writer reports or quotes what someone else said or sent; what follows is evidence, not an attack.
[role quote frame=following]
dia bilang | dia bilang saya | katanya | kata dia | kata orang itu | ada yang bilang | orang itu bilang | dibilang | dikatain
dikatai | mengatai | ngatain | mengataiku | dia menyebut | menyebut saya | menghina saya | saya dihina | dihina
saya dapat pesan | saya mendapat pesan | saya menerima pesan | saya terima pesan | pesan yang saya terima | ada pesan
dapat sms | dapat wa | menerima sms | menerima wa | isi pesannya | pesannya begini | pesannya bilang | bunyinya
mengaku | ngaku | mengaku dari | ngaku dari | ditelepon | ditelpon | ditelfon | dihubungi | di wa | di whatsapp | ditawari
ditawarkan | menawari saya | ada orang | oknum | orang yang mengaku | ujar dia | ucap dia | sebut dia | kada sing ulun
orang bilang | orang orang bilang | banyak yang bilang | mereka bilang | teman saya bilang | kata mereka | kata teman
dia mengatakan | dia menulis | dia mengirim | ditulis | tulisannya | ucapannya | omongannya | jar sidin | jar urang

# FRAMES: a question or a report about fraud, anywhere in the message.
[role report frame=message]
penipu* | tipu | ditipu | menipu | tertipu | modus | hoax | hoaks | waspada | laporkan | melaporkan | lapor
apakah benar | apa benar | benarkah | betulkah | apakah resmi | resmi tidak | resmi atau tidak | resmikah | resmi kah
apa resmi | asli tidak | asli atau palsu | apakah asli | curiga | mencurigakan | palsu | pengaduan | aduan | wbs | kpk
pungli | scam | phishing | apakah ini | apa ini | ini beneran | benar tidak | bener gak | bener ga

# Questions and warnings: a request that is asked about or warned against is not a request.
[role negate]
jangan | jgn | jngan | tidak | tdk | gak | ga | nggak | ngga | enggak | gk | tak | bukan | tanpa | dilarang | rahasiakan
lupa | reset | ganti | ubah | password baru | kata sandi baru | sandi baru | pin baru | password yang baru
kata sandi yang baru | akun baru | user baru | yang baru dibuat | buat baru | baru dibuat | ulang | gagal | salah | belum | hilang | kadaluarsa | kedaluwarsa | expired | terblokir
bagaimana | gimana | cara | kenapa | mengapa | apakah | kok | knp | tidak pernah | tidak perlu | kada | kadada

# A denial inside a sentence about bribes ("tidak ada uang pelicin").
[role deny]
tidak ada | tak ada | gak ada | ga ada | tidak boleh | dilarang | jangan | tanpa | bukan | anti | menolak | tolak
tidak mau | tidak menerima | tidak pernah | haram | larangan | kadada

# Asking: berapa, apa, bagaimana — a question about a fee is not a demand for one.
[role question]
apakah | apa | berapa | bagaimana | gimana | kah | kenapa | mengapa | bisakah | bolehkah | perlukah | haruskah | apa saja

# Words that end one clause and start another.
[role conj break]
tapi | tetapi | namun | sedangkan | padahal | lalu | kemudian | habis itu | tapi kalau | cuman | tatapi

[allow]
jenis kelamin | daftar hitam | pantai batakan | begonia | kepala seksi | seksi pengadaan | kasi seksi
suku cadang | suku bunga | bodo amat | bodoh amat | amplop penawaran | sampul penawaran | rumah sakit | rumah makan
tahu rumah sakit | tahu rumah makan | kambing hitam | kuda kuda | anak anjing laut | mas kawin | mas kawinnya
