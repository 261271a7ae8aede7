# Clause 6: insults, cursing, threats, harassment, sexual remarks and coercion of staff.

# INSULT: delivered with the words hidden when aimed at no one; blocked when aimed at the reader (rule below).
[term STAFF_ABUSE mask insult]
kada baisi utak | cacat otak | otak cacat | sakit jiwa | otak sapi | otak keledai | muka babi | muka monyet | kepala batu
anjing* | anjg | anjeng | anjink | anying | njing | ajg | asu | asw | babi | babik | babiik
bangsat* | bgst | bangke | bangkai | bajingan* | bjngn | brengsek* | berengsek | keparat* | kampret* | kamvret
goblok* | goblog* | gblk | gblg | geblek | gebleg | tolol* | tlol | bego | begok | bego* | idiot* | dungu* | dongo | bloon
sinting | gendeng | sarap | tai | taik | tahi | taek | tae | tai kucing | jancuk* | jancok* | jancik | cuk | cok
bacot* | bacod | bct | monyet | kunyuk | iblis | setan | setan alas | laknat | bedebah | biadab | bejat
kurang ajar | kurang hajar | tidak tahu diri | tak tahu diri | muka tembok | otak udang | otak kosong | otak dengkul
ga punya otak | gak punya otak | tidak punya otak | gapunya otak | ngga punya otak | nggak punya otak
budek | congek | pekok | koplak | sompret | semprul | ngehe | pantek | puki | pukimak | kimak | cibai
lonte | pelacur | perek | jablay | sundal | bencong | banci | makan gaji buta | gaji buta | sampah masyarakat
cocot* | congor* | kampang | bangsad | picek | gembel | sontoloyo | maho | kacrut | silit | jongos | kacung | pecun
bolot | udik | najis | mampus | dajjal | munafik | penjilat | kampungan | cebong* | kadrun | kutu kupret | dongok
kamseupay | bani kotak | tengik | keparat | bangsat lu | anjay lu | kntl lu
fuck* | fck | fuk | shit | bullshit | bitch | asshole | bastard | dick | moron | stupid | retard | stfu | motherfucker
# Banjar (Kuala and Hulu): bungul = stupid, pambohong/pambuhung = liar, kada baadat = without manners, hantu = devil.
bungul* | babungul | bungulnya | bongol | palir* | bangang | pambohong | pambuhung | kada baadat | kada baadab
kada tahu diri | kada tau diri | kada baotak | kadada otak | kada baisi otak | muha tembok | muha tebal | ganal kepala
hantu ikam | hantu pian | setan ikam | jukung karam | tambuk | karatak | kurang diajar | kaya urang gila
cingut | kurapak | jubur | pantat ikam | buntut ikam | ngalih baotak
# Banjar pandir is to talk (bapandir, pandiran); only the Indonesian phrases of a fool are insults.
orang pandir | dasar pandir | si pandir | pandir sekali | pandir banget
# kuyuk = dog, warik = monkey, beruk = macaque; utak = brain, supan = shame, pancilok = thief (cilok = steal).
kuyuk | anak kuyuk | warik | anak warik | beruk | *bungul* | bangang*
jahanam | jahannam | haram jadah | haramjadah | anak haram | anak sundal | anak lonte | anak setan | anak hantu | anak babi
kada tahu supan | kadada supan | kada basupan | kada ba supan | kadada utak | kada bautak | utak udang | utak dengkul
kada baakal | kadada akal | kada tahu adat | kadada adab | kadada adat | pancilok | tukang cilok | dasar hantu | hantu banyu
muha kamah | muha jubur | muha tahi | pambual | tukang bual | kaparat | dajal | celeng | balacur | lacur | pelakor
# Social-media insults and their short spellings (Banjar and Indonesian).
binian gatal | bini gatal | perempuan gatal | cewek gatal | dasar cacat | otak cacat | dasar gila | muka jelek | muha buruk
muha jelek | dasar miskin | dasar kere | mmk | kmprt | jnck | ganal bual

# Frustration and mild curses: delivered, a supervisor may look.
[term STAFF_ABUSE flag]
anjir | anjay | anjrit | anjim | njir | bjir | jir | buset | busyet | sialan | sial | gila | edan | sampah | cupu
wtf | damn | payah banget | lelet banget | saya viralkan | akan saya viralkan | viralkan | kada baguna | talambat banar
ulun viralakan | kaina ulun viralakan

# Milder insults: abuse when aimed at someone, a flag otherwise.
[role mild_insult]
menjijikkan | memuakkan | busuk | gila | budak | tidak ada gunanya | tak ada gunanya | percuma digaji | makan gaji | lamban | lemot | pemalas | pembual | penjilat | pecundang | kurang pintar
bodoh | bodo | bebal | tidak becus | gak becus | ga becus | nggak becus | ngga becus | tak becus | gak guna | ga guna
tidak berguna | tak berguna | pemalas | malas kerja | sok pintar | sok pinter | sok tahu | sok tau | tidak kompeten
kada bacus | kada baguna | kada pinandu | pemalas banar | lambat banar | pangulir | kulir
bingung banar | babal | bigal | pamalas | lancang | cilaka | kada tahu diuntung | kapala batu | kepala batu
pancuri | pamaling | loba | sumbung | pakak | norak | dekil | gundik | cabe cabean | autis | buaya darat | tikus berdasi
tikus kantor | hadangan

[rule STAFF_ABUSE block why=insult]
all: you insult
rival: self for you
near: 4
scope: message

[rule STAFF_ABUSE block why=insult]
all: family insult

# A milder insult beside the reader is abuse; beside the writer ("maaf pak, saya memang bodoh") it is self-deprecation.
# The nearer of the two names whom it is about ("helpdesk paling bodoh yang pernah saya temui" is the reader).
[rule STAFF_ABUSE block why=insult]
all: you mild_insult
rival: self for you
near: 4
scope: message

[rule STAFF_ABUSE mask]
all: you mild_insult
rival: self for you
mask: mild_insult
near: 4
scope: message

[rule STAFF_ABUSE flag]
all: mild_insult

# Literal animals and their care are not insults: the clause is lowered to a flag.
[role animal_context frame=clause only=STAFF_ABUSE on=insult]
ternak | peternakan | beternak | daging | kebun binatang | pakan | kandang | ekor | hewan | qurban | kurban | sapi | kambing
ayam | ikan | itik | bebek | vaksin | dokter hewan | peliharaan | piaraan | memelihara | lucu | digigit | gigit | rabies
liar | hutan | satwa | kucing | sate | haram dimakan | kebun | kawanan | taman | anak anjing | anjing pelacak
anjing penjaga | babi hutan | hama babi | hama monyet
# Banjar: sato (animal), hayam (chicken), iwak (fish), manggigit (bites), kandang, bahuma (farm the rice field).
hayam | iwak | manggigit | kuyuk liar | kuyuk gila | warik liar | kabun | bahuma
pahumaan | hadangan | karbau | kerbau | itik

# VIOLENCE aimed at the reader, their family or their office: a threat, never delivered.
[role violence]
kulempar | kutabrak | tabrak | ditabrak | dikubur | kukubur | dibuang ke sungai | mayatmu | jadi mayat | tinggal nama | kulindas | dilindas | kusiram | kuhajar | keroyok | dikeroyok | kukeroyok | kugantung | digantung
*bunuh | bunuh* | habisi | dihabisi | kuhabisi | *bacok | *tusuk | hajar | kuhajar | dihajar | gebuk | kugebuk | *tembak
bakar | kubakar | dibakar | santet | kusantet | disantet | celakai | dicelakai | aniaya | dianiaya | *gorok | penggal
*tampar | tampiling | *tampiling | *lantak | *hantam | *tikam | kutatak | pancung | kupancung | patahi | *patahi
patahkan | kupatahkan | kupukul | dipukul | memukul | pukuli | kupukuli | *tinju | *tendang | kutendang | cekik | kucekik | injak | kuinjak | *jotos | tonjok
*tonjok | culik | diculik | kuculik | teror | diteror | habis riwayat | mampus | cincang | *cincang | sikat habis
ledakkan | racun | diracun | kuracun | siram air keras | air keras
# Banjar: tujah (stab), pangkung (strike), gitik (beat with a stick), sumbalih (slaughter), tabas (slash), kalahi (fight).
*tujah | tujah | *pangkung | *gitik | gitik | *sumbalih | sembelih | *sembelih | kutabas | bakalahi | kalahi
kusepak | disepak | ditumbak | kutumbak | kuparang | diparang | *jambak | habisakan | kuhabisakan | hancurakan | kuhancurakan
kubunuhi | bunuhi | *hancurkan

[rule STAFF_ABUSE block why=threat]
all: you violence
none: deny
near: 6
scope: message

[rule STAFF_ABUSE block why=threat]
all: family violence
none: deny

# Intimidation without a violence verb.
[term STAFF_ABUSE block why=threat]
kucari sampai ketemu | akan kucari | ku cari sampai | saya cari sampai ketemu | kucari kamu | kucari kau | kudatangi kamu | kudatangi rumahmu | saya datangi kamu
awas kamu | awas lu | awas kau | awas ikam | awas pian | awas ya | awas saja | awas aja | tunggu pembalasan
tunggu saja pembalasan | tunggu pembalasanku | tunggu balasan | tunggu tanggal mainnya | lihat saja nanti | liat aja nanti
lihat saja akibatnya | tanggung akibatnya | rasakan akibatnya | nasibmu | nasib kamu | hidupmu tidak akan tenang
hidup kamu tidak tenang | saya cari kamu | saya cari sampai dapat | saya datangi rumah | saya datangi kantor
tahu rumahmu | tau rumahmu | tahu rumah kamu | tau rumah kamu | tahu keluargamu | tau keluargamu | tahu keluarga kamu
tahu anakmu | tahu anak kamu | tahu alamatmu | tau alamatmu | tahu alamat kamu | tahu rumah ikam | tahu rumah pian
tahu keluarga ikam | tahu di mana kamu tinggal | tau dimana kamu tinggal | tahu dimana kamu tinggal | tahu rumah keluargamu
kutunggu di luar | ditunggu di luar | tunggu di parkiran | ketemu di luar | kuhadang | dihadang | cari mati | minta mati
kubunuh | bunuh kamu | bunuh kau | bunuh lu | bunuh ikam | saya bunuh | gue bunuh | aku bunuh | tak bunuh | bakar kantor
bom kantor | ledakkan kantor | mati kamu | mati lu | mampus kamu | mampus lu | mampus kau | santet | culik | teror kamu
kubacok | kutikam | kutatak | kupatahi | ikam kaina | kaina ikam | hati hati ikam | awas haja | kena ikam
tunggu saja kamu | tunggu aja kamu | tunggu saja kau | tunggu aja lu | tunggu aja lo | tunggu saja ikam | tunggu haja ikam
tunggu haja pian | tunggu saja pian | kamu akan menyesal | kau akan menyesal
bakal menyesal | akan menyesal seumur hidup | nyesel kamu | ikam menyesal kaina | tau anakmu | tau anak kamu | tau kantormu
# Banjar: mati ikam (you die), rasai (feel it), kada salamat (will not be safe), kudatangi (I will come to).
mati ikam | mati pian | mati nyawa | mati kawu | matilah ikam | mampus ikam | mampus pian | mampus nyawa | rasai ikam
rasai pian | rasai nyawa | rasai kaina | ikam kada salamat | kada salamat ikam | pian kada salamat | kada salamat pian
kudatangi rumah ikam | kudatangi rumah pian | kudatangi kantor pian | ulun datangi rumah pian | ulun datangi kantor pian
ulun datangi kantor ikam | kucari ikam | kucari pian | ulun cari ikam | ulun cari pian | habis riwayat ikam
handak bakalahi | ayo bakalahi | bakalahi lawan ulun | kutunggu di parkiran | tahu rumah nyawa
mudahan mati | mudahan ikam mati | moga mati | semoga mati | semoga kamu mati | mati haja ikam | mati aja lu | mampuslah

[role intimidation]
kutunggu | ku tunggu | ingat kata kataku | camkan itu | ingat baik baik
tunggu saja | tunggu aja | tunggu haja | lihat saja | liat aja | awas | hati hati kamu | kaina | nanti malam
lihat haja | liat haja | ingat haja | ingati haja | ingat ingat ikam | tunggu pang | kaina malam
di luar kantor

# Knowing where the reader, their family or their office is: "saya tahu rumahmu", "aku tau di mana anakmu sekolah".
[role know]
tahu | tau | taw | tahu di mana | tau dimana | tahu dimana | hafal | paham betul

[rule STAFF_ABUSE block why=threat]
all: know family
none: deny quote question report unknowing
near: 3
scope: message

# Not knowing is not a threat; a role, not an allowed phrase, so "tidak tahu diri" and "kada tahu supan" stay insults.
[role unknowing]
tidak tahu | tak tahu | gak tau | ga tau | gak tahu | nggak tahu | tidak tau | belum tahu | kurang tahu | kada tahu | kada tau

[allow]
mau tahu | ingin tahu | pengen tahu | pengen tau | supaya tahu | agar tahu | biar tahu
# Not knowing where someone lives cancels the "tahu rumahmu" terms above.
tidak tahu rumah | tidak tahu keluarga | tidak tahu anak | tidak tahu alamat | tidak tahu di mana | tidak tahu dimana | tidak tahu kantor | tidak tau rumah
tidak tau keluarga | tidak tau anak | tidak tau alamat | tidak tau di mana | tidak tau dimana | tidak tau kantor | tak tahu rumah | tak tahu keluarga
tak tahu anak | tak tahu alamat | tak tahu di mana | tak tahu dimana | tak tahu kantor | tak tau rumah | tak tau keluarga | tak tau anak
tak tau alamat | tak tau di mana | tak tau dimana | tak tau kantor | gak tahu rumah | gak tahu keluarga | gak tahu anak | gak tahu alamat
gak tahu di mana | gak tahu dimana | gak tahu kantor | gak tau rumah | gak tau keluarga | gak tau anak | gak tau alamat | gak tau di mana
gak tau dimana | gak tau kantor | ga tahu rumah | ga tahu keluarga | ga tahu anak | ga tahu alamat | ga tahu di mana | ga tahu dimana
ga tahu kantor | ga tau rumah | ga tau keluarga | ga tau anak | ga tau alamat | ga tau di mana | ga tau dimana | ga tau kantor
nggak tahu rumah | nggak tahu keluarga | nggak tahu anak | nggak tahu alamat | nggak tahu di mana | nggak tahu dimana | nggak tahu kantor | nggak tau rumah
nggak tau keluarga | nggak tau anak | nggak tau alamat | nggak tau di mana | nggak tau dimana | nggak tau kantor | belum tahu rumah | belum tahu keluarga
belum tahu anak | belum tahu alamat | belum tahu di mana | belum tahu dimana | belum tahu kantor | belum tau rumah | belum tau keluarga | belum tau anak
belum tau alamat | belum tau di mana | belum tau dimana | belum tau kantor | kurang tahu rumah | kurang tahu keluarga | kurang tahu anak | kurang tahu alamat
kurang tahu di mana | kurang tahu dimana | kurang tahu kantor | kurang tau rumah | kurang tau keluarga | kurang tau anak | kurang tau alamat | kurang tau di mana
kurang tau dimana | kurang tau kantor | kada tahu rumah | kada tahu keluarga | kada tahu anak | kada tahu alamat | kada tahu di mana | kada tahu dimana
kada tahu kantor | kada tau rumah | kada tau keluarga | kada tau anak | kada tau alamat | kada tau di mana | kada tau dimana | kada tau kantor

[role revenge]
hancur | kuhancurkan | dihancurkan | tamat riwayat
pembalasan | balasan | akibatnya | nasib | menyesal | celaka | tidak selamat | habis | kena batunya | bahaya
rasai | rasakan | cilaka | kada salamat | tahu rasa | tau rasa | habis riwayat | babahaya

[rule STAFF_ABUSE block why=threat]
all: intimidation revenge
none: deny quote
scope: message
near: 5

# SEXUAL REMARK: a staff member's body appraised, or private photos, calls or meetings asked for.
[role body]
otot | betis | betisnya | leher | lehernya | pusar | ketiak | celana dalam | bra | bh | beha | kutang | pakaian dalam
badannya | badanmu | body | bodynya | tubuh | tubuhnya | tubuhmu | dada | dadanya | dadamu | paha | pahanya | bokong
bokongnya | pantat | pantatnya | pinggul | pinggulnya | bibir | bibirnya | bibirmu | payudara | pinggang
pinggangnya |  kulitnya | kaki mulus | rambutnya wangi | wangi badan | awak nyawa | awak ikam | awaknya
# Banjar: awak (body), batis (legs), burit (behind), muha (face).
awak pian | batis | batisnya | batis pian | batis ikam | buritnya | burit pian | burit ikam | pipinya | pipi pian

[role appraisal]
kekar | cantik | seksi banget | sintal | padat berisi | menggemaskan | bikin basah | bikin tegang | bikin sange | bikin nafsu
bagus | seksi | sexy | montok | besar | gede | mulus | indah | menggoda | enak | bahenol | sintal | kenyal | semok | padat
putih mulus | menggairahkan | nafsu | bikin nafsu | bikin horny | horny | ganal | langkar | bungas
kancang | lamak | bungas banar | langkar banar | harum | wangi

[rule STAFF_ABUSE block why=sexual]
all: body appraisal
near: 4
scope: message

[role touch]
*peluk | dipeluk | *cium | dicium | diraba | raba | grepe | digrepe | *remas | ditiduri | tidurin | dikelonin | kelonin
# Banjar: paluk (hug), mamaluk; mancium (kiss); guringi (sleep with).
*paluk | paluk | mamaluk | mancium | bacium | diguringi | guringi | *raba | gagamit

[rule STAFF_ABUSE block why=sexual]
all: you touch

[role media]
foto | poto | photo | pap | video call | videocall | vc | telepon | telpon | nelpon | telfon | call | nomor wa | nomor hp
ketemuan | kencan | makan malam | chat pribadi | japri | dm
poto pian | foto pian | poto ikam | kirimi poto | kirimi foto | batamu | batamuan | bajalan badua

[role private]
pribadinya | pribadimu | pribadi kamu | pribadi anda | syur | vulgar | tanpa sehelai | tidak pakai baju | tanpa pakaian | ganti baju | lagi ganti baju
pribadi | berdua | berduaan | sendirian | tanpa busana | tanpa baju | telanjang | bugil | seksi
yang hot | hot | mesra | di kamar | dikamar | di hotel | kamar hotel | pakai handuk | habis mandi | lagi mandi
baduaan | kada babaju | kadada baju | talanjang | imbah mandi | hanyar mandi

[rule STAFF_ABUSE block why=sexual]
all: media private
none: quote question

[role sexual_remark]
film biru | film dewasa | video dewasa | nonton bokep bareng | foto syur | video syur | bikin basah | bikin sange | gituan | begituan | bercinta | ngamar yuk | temani tidur | temani saya tidur | tidur dengan saya | tidur sama saya | warna celana dalam | ukuran bra | ukuran bh | ukuran dada | rok mini
kamu seksi | mbak seksi | mba seksi | kakak seksi | kak seksi | seksi banget | seksi sekali | sexy | kamu sexy
kencan yuk | mau kencan | ajak kencan | tidur bareng | bobo bareng | bobok bareng | ngamar | check in yuk | cek in yuk
pap dong | kirim pap | foto seksi | montok | bahenol | semok | jadi pacarku | mau jadi pacar | sayangku | cintaku
jadi bini ulun | jadi bini | handak lawan ikam | guring bedua | guring bedua lawan | guring badua
# Banjar: gandak (lover), bagandak (to date), baduaan (alone together), bakalambu (share the bed).
jadi gandak ulun | jadi gandakku | handak bagandak | bagandak lawan ulun | bagandak yu | gandak ulun | bakalambu
guring lawan ulun | baduaan lawan ulun | handak mamaluk | ulun paluk | handak mancium | mancium pian | mancium ikam
kiss pian | bungas banar ading | langkar banar ading | acil bungas

[rule STAFF_ABUSE block why=sexual]
all: sexual_remark

# COERCION: pushing staff to act outside the service.
[term STAFF_ABUSE block why=coercion]
menangkan perusahaan saya | menangkan kami | menangkan saya | tolong dimenangkan | harus dimenangkan | pokoknya menang
loloskan perusahaan saya | loloskan kami | loloskan saya | tolong diloloskan | harus diloloskan
ubah nilai | ubah hasil evaluasi | ganti hasil evaluasi | gugurkan pesaing | gugurkan peserta lain
bocorkan penawaran | bocoran penawaran | bocorkan harga | bocoran harga penawaran

# LIKENING the reader to an animal or a thing ("otak kamu kayak cacing"); literal animals lower it (animal_context).
[role liken]
seperti | kayak | kaya | macam | mirip | bagai | bagaikan | laksana | ibarat | sama dengan | persis

[role beast]
keledai | siput | keong | bekicot | kecoa | kecoak | cacing | lintah | benalu | monyet | binatang | hewan | kerbau | sapi
babi | anjing | kuyuk | warik | beruk | tikus | kura kura | robot rusak | patung | orang utan | sato

[rule STAFF_ABUSE block why=insult]
all: you liken beast
none: quote animal_context
near: 5
scope: message

# DARING the reader to a fight, or promising ruin.
[role dare]
kalau berani | kalo berani | klo berani | kalau jantan | bawa teman | bawa kawan | amun wani | mun wani | amun barani
sini kalau | hadapi saya | hadapi aku | satu lawan satu | duel

[rule STAFF_ABUSE block why=threat]
all: intimidation dare
none: quote report
near: 8
scope: message

[term STAFF_ABUSE block why=threat]
sini kalau berani | kalau berani sini | ayo berkelahi | ayo duel | lawan aku kalau | ayo ribut | ayo baku hantam

# RUIN promised to the reader's life, career or family ("karirmu tamat", "jabatanmu berantakan nanti").
[role ruin]
hancur | kuhancurkan | dihancurkan | kuhancurakan | tamat | berantakan | menderita | sengsara | tidak tenang | celaka
kada salamat | binasa | habis riwayatnya

[rule STAFF_ABUSE block why=threat]
all: family ruin
none: quote report question negate
near: 4
