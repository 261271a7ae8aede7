# Clause 1: hostility on grounds of religion, ethnicity, race or group (SARA).

[term SARA block]
kafir* | kapir* | dasar kafir | cina babi | cokin | antek aseng | antek asing | yahudi laknat | zionis laknat
cina bangsat | cina anjing | cina kafir | pribumi malas | aseng | babi cina | kadrun | kampret cina | onta arab
unta arab | tionghoa babi | dayak primitif | madura maling
# Slurs for an ethnic group or a faith that need no predicate.
jawir | cungkok | singkek | nigger* | bani serbet | padang bengkok | kaum bumi datar | kafir laknat | cina laknat

# TARGET: an identity group (religion, ethnicity, race, region, origin).
[role identity]
orang asing | warga asing | orang kampung | orang udik | agama lain | non muslim | nonmuslim | non islam | kafirin | agamamu | mayoritas | minoritas | kaum minoritas | pendatang baru | orang luar | orang seberang
islam | muslim | muslimin | kristen | kristiani | nasrani | katolik | protestan | hindu | budha | buddha | konghucu
khonghucu | yahudi | zionis | ahmadiyah | syiah | wahabi | atheis | ateis | cina | china | cino | tionghoa | chindo
pribumi | non pribumi | jawa | sunda | banjar | dayak | madura | bugis | batak | ambon | papua | arab | keturunan
etnis | suku | ras | agama | umat | negro | kulit hitam | bule | kaum | kapir | pendatang | transmigran | nonmuslim
non muslim | minang | padang | flores | nias | timor | aceh | melayu | urang jawa | urang cina | urang dayak | urang madura
nabi | rasul | quran | alquran | al quran | injil | alkitab | yesus | allah | tuhan | ulama | habib | pendeta | pastor
biksu | kyai | kiai | ustadz | ustad | orang hitam | orang timur | orang luar | urang luar | kaum nasrani
# Banjar: urang (people of), bubuhan/buhan (the group of), urang sabarang (from across the sea), urang bukit (Meratus Dayak).
urang bugis | urang batak | urang arab | urang sunda | urang bali | urang flores | urang timur | urang papua | urang ambon
urang tionghoa | urang kristen | urang islam | urang hindu | urang kapir | urang kafir | urang banjar | urang hulu
urang pahuluan | urang kuala | urang sabarang | urang bukit | dayak bukit | dayak meratus | dayak ngaju | dayak maanyan
bubuhan jawa | bubuhan cina | bubuhan madura | bubuhan dayak | bubuhan bugis | bubuhan kafir | bubuhan kapir | bubuhan arab
buhan cina | buhan jawa | buhan madura | buhan dayak | bubuhan pendatang | urang pendatang
# More faiths, peoples and their common (also evasive or slang) spellings; a group named by its members' faith.
kresten | katholik | nasroni | yahud | jahudi | israel | zionist | ahmadi | salafi | wahhabi | buddhis | ateist | agnostik
mualaf | muallaf | moslem | kaum muslim | kaum kristen | kaum kafir | kaum salib | tentara salib | pemeluk | penganut
jemaat | umatnya | agamanya | agamamu | agama kalian | agama mereka | sukumu | suku kalian | suku mereka | rasmu
cindo | chinese | tiongkok | amoy | sipit | mata sipit | keturunan tionghoa | keturunan arab | keturunan india
tka | tka cina | tka china | tenaga kerja asing | habaib | londo | kulit putih | wong jowo | jowo | betawi
toraja | minahasa | sasak | kaum pribumi | pribumi asli | nonpri | warga keturunan
arap | ummat | muslimah | orang pedalaman | orang gunung | orang pulau | orang luar jawa | orang jawa | orang cina | orang arab | orang madura

# PREDICATE: a contemptuous attribute said of the whole group.
[role contempt]
seenaknya | seenaknya sendiri | semena mena | semaunya | mentang mentang | dongeng | khayalan | omong kosong | tidak becus | pantas miskin | suka seenaknya
licik | serakah | rakus | pelit | kikir | pemalas | malas | bodoh | goblok | tolol | tukang curi | maling | pencuri
penipu | pembohong | pambohong | kotor | jorok | bau | primitif | terbelakang | kampungan | biadab | sesat | teroris
penjajah | tidak bisa dipercaya | tak bisa dipercaya | kada kawa dipercaya | munafik | najis | hina | sampah
hama | parasit | benalu | busuk | sok suci | tukang tipu | perampok | penjahat | koruptor semua | semuanya korup
brengsek | bangsat | anjing | tidak tahu diri | kurang ajar | kasar semua | pembuat onar | biang kerok | perusak
samunyaan | semuanya sama | sama saja semua | kada baik | jahat | culas | bejat | mesum
# Banjar: pancilok/pamaling (thief), loba (greedy), sumbung (arrogant), rigat/kamah (dirty), hanyir (stinking), kada
# baadat (without manners), sabarataan/saunyaan (all of them), sama haja (all the same).
pancilok | pamaling | pancuri | loba | sumbung | rigat | kamah | hanyir | bahanyir | kada baadat | kada baadab
kada tahu adat | kada tahu supan | pambual | pangulir | pamalas | bungul | bangang
kada kawa diharap | kada bisa dipercaya | kada jujur | parusak | panjahat
# Stereotypes and contempt without a slur: character, habits, loyalty, faith, worth.
sombong | angkuh | congkak | tamak | bakhil | curang | pendusta | pengkhianat | penghianat | pengacau | perusuh
radikal | ekstremis | fanatik | intoleran | barbar | bar bar | kolot | norak | rendahan | derajat rendah | kelas rendah
tidak beradab | tak beradab | tidak bermoral | kejam | sadis | beringas | pemerkosa | mata duitan | lintah darat
rentenir | antek | budak | kacung | jongos | babu | pemabuk | suka menipu | suka mencuri | suka bohong | tukang bohong
tukang fitnah | penebar fitnah | provokator | susah diatur | bikin rusuh | biang rusuh | pembuat masalah | perampas
menjajah | penista | penista agama | menista | penghina agama | komunis | pki | antek pki | ahli neraka | calon neraka
penghuni neraka | masuk neraka | laknatullah | terlaknat | dilaknat | musyrik | murtad | ajaran sesat | aliran sesat
menyesatkan | dungu | bego | idiot | bebal | sinting | edan | bajingan | keparat | kampret | jahanam | tai | taik
asu | celeng | bau tai | tidak tahu malu | tak tahu malu | muak | eneg | menjijikkan | memuakkan | tidak berguna
tak berguna | beban negara | benalu negara | menguasai ekonomi | kuasai ekonomi | rampok tanah | rebut tanah
anti | musuh | musuh negara | membenci | penistaan | menistakan

# PREDICATE: a comparison that takes away someone's humanity.
[role dehuman]
kecoak | parasit | benalu | tikus got | anjing kurap | babi hutan | ternak
binatang | hewan | babi | anjing | monyet | kera | tikus | kecoa | setan | iblis | virus | penyakit | kuman | sampah
kuyuk | warik | beruk | hadangan | biawak | kaya kuyuk | kaya warik | kaya babi | kaya sato | bukan manusia | kada manusia
lintah | ular | cacing | kutu | bangkai | hama | kayak binatang | seperti binatang | macam binatang | kaya binatang
onta | unta | kadal gurun | keledai | celeng | anjing gila | kutu busuk | belatung | bakteri | kanker | wabah | kotoran
tinja | setengah manusia | makhluk rendah | makhluk hina | sampah masyarakat | kayak hewan | seperti hewan | kayak babi
kayak monyet | seperti monyet | seperti babi | kayak anjing | seperti anjing | bukan manusia

# PREDICATE: exclusion from the community or from a role.
[role exclusion]
pecat saja | dipecat | diberhentikan saja | tidak usah dipekerjakan | jangan dipekerjakan | jangan diterima kerja | jangan diangkat
pulang saja ke | pulang aja ke | pulang sana | balik saja ke | balik aja ke | balik ke negaramu | pulang ke negaramu
usir | diusir | usir saja | enyah | minggat | keluar dari | tidak usah dikasih | jangan dikasih | jangan diberi
tidak pantas | tak pantas | tidak layak | tak layak | tidak boleh jadi | jangan jadi | tidak berhak | kada pantas
kada usah dibari | jangan dibari | jangan dipilih | jangan pilih | singkirkan | disingkirkan | tendang | buang saja
bersihkan dari | tidak boleh ikut | dilarang ikut | tidak usah ikut | jangan sampai menang
# Banjar: bulik (go home), kada usah dibari/diterima (should not be given/accepted), kada bulih (may not).
bulik haja ka | bulik ja ka | bulik sana | bulik ka kampung | bulik ka nagri | bulik ka asal | kada usah diterima
kada usah dilayani | kada usah dibantu | kada usah tinggal | kada usah bagawi | kada bulih bagawi | kada bulih tinggal
kada bulih manang | kada bulih jadi | kada pantas jadi | jangan dibari gawian | usir haja | buang haja | tundung
angkat kaki | hengkang | pergi dari | pergi saja dari | enyahlah | tidak usah diterima | jangan diterima | tolak saja
tidak boleh tinggal | jangan tinggal | tidak boleh masuk | dilarang masuk | jangan dilayani | tidak usah dilayani
jangan dibantu | tidak usah dibantu | bukan orang sini | bukan warga asli | haram memimpin | haram dipimpin | haram dipilih
tidak boleh memimpin | usir dari | keluarkan dari | pulangkan ke | deportasi | usir semua | jangan kasih proyek
jangan beri proyek | tidak usah dikasih proyek | jangan kasih kerja | tidak berhak tinggal

# PREDICATE: violence against a group.
[role group_violence]
bunuh | bantai | basmi | musnahkan | ganyang | habisi | binasakan | perangi | bakar | serang | usir | hancurkan
benci | jijik | laknat | terkutuk | gorok | penggal | perkosa
# Banjar: bunuhi (kill them all), tujah (stab), tatak (hack), sumbalih (slaughter), habisakan (finish off).
bunuhi | tujah | tatak haja | sumbalih | habisakan | hancurakan | bakar haja | bunuh haja | usir haja
serbu | serbu saja | hajar | sikat | tumpas | tumpaskan | libas | lenyapkan | enyahkan | sembelih | gantung | rajam
bakar hidup hidup | halalkan darahnya | halal darahnya | darahnya halal | bunuh saja | tembak mati
potong lehernya | cincang | babat habis | sapu bersih | singkirkan semua

# TYPIFYING: the whole group reduced to a type, right before its name ("dasar cina", "mental madura", "watak jawa").
[role typify]
dasar | emang dasar | memang dasar | mental | watak | tabiat | kelakuan

[rule SARA block why=hate]
all: typify identity
none: quote
near: 2

[rule SARA block why=hate]
all: identity contempt
none: quote
near: 4
scope: message

[rule SARA block why=hate]
all: identity dehuman
none: quote animal_context
near: 4
scope: message

[rule SARA block why=hate]
all: identity exclusion
none: quote
near: 5
scope: message

[rule SARA block why=hate]
all: identity group_violence
none: quote
near: 5
scope: message

# Quoted or reported hate is shown to a supervisor, not withheld.
[rule SARA flag]
all: identity contempt
near: 4
scope: message

# Houses of worship named with an attack.
[role worship]
masjid | mesjid | musholla | mushola | musala | langgar | surau | gereja | pura | vihara | wihara | klenteng | kelenteng

[role attack]
bakar | bom | ledakkan | hancurkan | serang | robohkan | rusak | rusakkan | bubarkan | dibakar | dibom | dirobohkan

[rule SARA block why=hate]
all: worship attack
none: report quote
near: 2
