# Shared roles, frames and allowed phrases. Written for this helpdesk; see docs/MODERATION.md for the format.

# TARGET: the reader — staff, the agent, "you" in Indonesian, Jakarta slang and Banjar (Kuala: ikam, Hulu: nyawa).
[role you]
kamu | kau | engkau | dikau | lu | lo | elu | elo | loe | lw | situ | anda | kalian | ente | antum | km | kmu
mbak | mba | mbaknya | mbake | mas | masnya | kak | kakak | kakaknya | bang | abang | dek | adek | pak | bapak | bu | ibu
om | tante | sis | gan | bro | neng | nona
admin | adminnya | min | mimin | cs | operator | petugas | petugasnya | helpdesk | staf | staff | pegawai | pns | agen
pokja | panitia | pejabat | pelayan | pelayanan
ikam | pian | sampian | kam | ketam | nyawa | kalian berdua
# Banjar: kawu (Hulu, rough), sampeyan/sampiyan, andika; the group of the reader (bubuhan/buhan ikam, pian); staff and
# the office as Banjar writers name them; address forms a visitor uses for staff (acil, paman, ading, julak).
kawu | sampeyan | sampiyan | andika | bubuhan ikam | buhan ikam | bubuhan pian | buhan pian | bubuhan nyawa
pagawai | pagawainya | urang kantor | urang lpse | bubuhan lpse | bubuhan pokja | bubuhan admin
acil | paman | ading | julak

# TARGET: the reader's family and home (threats aimed at them).
[role family]
hidupmu | hidup kamu | hidup anda | karirmu | karir kamu | karier kamu | kariermu | jabatanmu | jabatan kamu | nyawamu | nyawa kamu | masa depanmu | hidup ikam | hidup pian | anak cucumu
keluargamu | keluarga kamu | keluarga anda | keluarga ikam | keluarga pian | anakmu | anak kamu | anak anda | anak ikam
istrimu | istri kamu | suamimu | suami kamu | anak istri | anak istrimu | bini ikam | laki ikam | anak bini
ibumu | bapakmu | ibu kamu | bapak kamu | uma ikam | abah ikam | mama ikam | rumahmu | rumah kamu | rumah anda | rumah ikam
rumah pian | kantormu | kantor kamu | kantor kalian | kantor ikam
abah pian | uma pian | bini pian | laki pian | anak pian | ading ikam | ading pian | kakak ikam | keluarga nyawa | anak nyawa
bini nyawa | uma nyawa | abah nyawa | rumah nyawa | rumah kawu | kantor pian | kantor nyawa | anak bini ikam | anak bini pian
dangsanak ikam | dangsanak pian | kuitan ikam | kuitan pian | kai ikam | nini ikam | anak ikam | anak kawu | bini kawu

# The writer speaking of themselves: lowers an insult to a flag when no one else is addressed in the clause.
[role self frame=clause only=STAFF_ABUSE unless=you,family on=insult,mild_insult]
saya | aku | gue | gua | gw | ane | sy | aq | ulun | unda | kami | diriku | diri saya | aku ni | ulun ni
unda ni | diri ulun | awak ulun | ulun nih | aku nih

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
# Banjar reporting: ujar/jar (said), padah (tell), baucap (say), mangatai (call someone names), mangaku (claim to be).
ujar sidin | ujar inya | ujarnya | ujar urang | ujar buhannya | ujar bubuhannya | ujar si | jar inya | jarnya | jar si
jar buhannya | padahnya | dipadahi | bapadah | inya bapadah | sidin bapadah | inya baucap | sidin baucap | inya mangatai
mangatai | mangatai ulun | ulun dikatai | ulun dihina | mahina ulun | ulun dapat pesan | ulun dikirimi | ulun tarima pesan
ulun manarima pesan | ada urang manelpon | ada urang manelepon | ada urang mangaku | mangaku | mangaku dari | inya mangaku
kisahnya | nang ulun tarima | pesan nang masuk | dikatai bubuhannya

# FRAMES: a question or a report about fraud, anywhere in the message.
[role report frame=message only=PENIPUAN,SPAM]
penipu* | tipu | ditipu | menipu | tertipu | modus | hoax | hoaks | waspada | laporkan | melaporkan | lapor
apakah benar | apa benar | benarkah | betulkah | apakah resmi | resmi tidak | resmi atau tidak | resmikah | resmi kah
apa resmi | asli tidak | asli atau palsu | apakah asli | curiga | mencurigakan | palsu | pengaduan | aduan | wbs | kpk
pungli | scam | phishing | apakah ini | apa ini | ini beneran | benar tidak | bener gak | bener ga
panipu* | kana tipu | bujurkah | bujur kah | bujur lah kah | asli kah | resmi lah | napa ini | palsu kah | mancurigakan

# Questions and warnings: a request that is asked about or warned against is not a request.
[role negate]
jangan | jgn | jngan | tidak | tdk | gak | ga | nggak | ngga | enggak | gk | tak | bukan | tanpa | dilarang | rahasiakan
lupa | reset | ganti | ubah | password baru | kata sandi baru | sandi baru | pin baru | password yang baru
kata sandi yang baru | akun baru | user baru | yang baru dibuat | buat baru | baru dibuat | ulang | gagal | salah | belum | hilang | kadaluarsa | kedaluwarsa | expired | terblokir
bagaimana | gimana | cara | kenapa | mengapa | apakah | kok | knp | tidak pernah | tidak perlu | kada | kadada
kada usah | kada parlu | kada pernah | kada bulih | kaya apa | kayapa | mangapa

# A denial inside a sentence about bribes ("tidak ada uang pelicin").
[role deny]
tidak ada | tak ada | gak ada | ga ada | tidak boleh | dilarang | jangan | tanpa | bukan | anti | menolak | tolak
tidak mau | tidak menerima | tidak pernah | haram | larangan | kadada
kada bulih | kada pernah | kada manarima

# Asking: berapa, apa, bagaimana — a question about a fee is not a demand for one.
[role question]
apakah | apa | berapa | bagaimana | gimana | kah | kenapa | mengapa | bisakah | bolehkah | perlukah | haruskah | apa saja
napa | nangapa | barapa | kaya apa | kayapa | mangapa | kawakah | kawa kah | bulihkah | bulih kah

# Words that end one clause and start another.
[role conj break]
tapi | tetapi | namun | sedangkan | padahal | lalu | kemudian | habis itu | tapi kalau | cuman | tatapi | imbah itu

[allow]
jenis kelamin | daftar hitam | pantai batakan | begonia | kepala seksi | seksi pengadaan | kasi seksi
suku cadang | suku bunga | bodo amat | bodoh amat | amplop penawaran | sampul penawaran | rumah sakit | rumah makan
tahu rumah sakit | tahu rumah makan | kambing hitam | kuda kuda | anak anjing laut | mas kawin | mas kawinnya
# Time words with "habis" (after) are not a threat's "habis" (finished): "kaina habis isya ulun kirim".
habis isya | habis magrib | habis maghrib | habis zuhur | habis lohor | habis asar | habis subuh | habis jumatan
habis makan | habis istirahat | habis rapat | habis jam | habis kerja | habis bagawi | habis libur | habis lebaran
# Place names of the province that contain words of the lexicons.
anjir pasar | anjir muara | anjir serapat | sungai tabuk | sekolah dasar | pendidikan dasar | dasar hukum | dasar negara
dasar agama | dasar dasar | ilmu dasar | tingkat dasar | kelas dasar | harga dasar | gaji dasar | dasar pengenaan
