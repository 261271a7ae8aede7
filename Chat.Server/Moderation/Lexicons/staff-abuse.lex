# Clause 6: insults, cursing, threats, harassment, sexual remarks and coercion of staff.

# Insults and curses: delivered with the words hidden.
[term STAFF_ABUSE mask]
anjing* | anjg | anjeng | anjink | anying | njing | ajg | asu | asw | babi | babik | babiik
bangsat* | bgst | bangke | bangkai | bajingan* | bjngn | brengsek* | berengsek | keparat* | kampret* | kamvret
goblok* | goblog* | gblk | gblg | geblek | gebleg | tolol* | tlol | bego | begok | bego* | idiot* | dungu* | dongo | bloon
sinting | gendeng | sarap | tai | taik | tahi | taek | tae | tai kucing | jancuk* | jancok* | jancik | cuk | cok
bacot* | bacod | bct | monyet | kunyuk | iblis | setan | setan alas | laknat | bedebah | biadab | bejat
kurang ajar | kurang hajar | tidak tahu diri | tak tahu diri | muka tembok | otak udang | otak kosong | otak dengkul
ga punya otak | gak punya otak | tidak punya otak | gapunya otak | ngga punya otak | nggak punya otak
budek | congek | pekok | koplak | sompret | semprul | ngehe | pantek | puki | pukimak | kimak | cibai
lonte | pelacur | perek | jablay | sundal | bencong | banci | makan gaji buta | gaji buta | sampah masyarakat
bungul* | babungul | palir* | pandir
cocot* | congor* | kampang | bangsad | picek | gembel | sontoloyo | maho | kacrut | silit | jongos | kacung | pecun
bolot | udik | najis | mampus | dajjal | munafik | penjilat | kampungan | cebong* | kadrun | kutu kupret | dongok
kamseupay | bani kotak
fuck* | fck | fuk | shit | bullshit | bitch | asshole | bastard | dick | moron | stupid | retard | stfu | motherfucker

# Frustration and mild curses: delivered, a supervisor may look.
[term STAFF_ABUSE flag]
anjir | anjay | anjrit | anjim | njir | bjir | jir | buset | busyet | sialan | sial | gila | edan | sampah | cupu
wtf | damn | payah banget | lelet banget | saya viralkan | akan saya viralkan | viralkan

# Threats: never delivered.
[term STAFF_ABUSE block]
bunuh kamu | bunuh kau | bunuh lu | kubunuh | saya bunuh | gue bunuh | aku bunuh | tak bunuh | bunuh ikam
bakar kantor | bom kantor | ledakkan kantor | awas kamu | awas lu | awas kau | awas ikam | tunggu pembalasan
saya cari kamu | saya datangi rumah | tahu rumahmu | tau rumahmu | tahu rumah kamu | tau rumah kamu
habisi kamu | habis kamu | mati kamu | mati lu | mampus kamu | mampus lu | mampus kau | hajar kamu | gebuk kamu
bacok | kubacok | tusuk kamu | tembak kamu | santet | saya santet | teror kamu | culik

# Sexual remarks at staff: never delivered.
kamu seksi | mbak seksi | mba seksi | kakak seksi | kak seksi | seksi banget | seksi sekali | sexy | kamu sexy
kencan yuk | mau kencan | ajak kencan | tidur bareng | bobo bareng | bobok bareng | ngamar | check in yuk | cek in yuk
pap dong | kirim pap | foto seksi | montok | bahenol | semok | jadi pacarku | mau jadi pacar | sayangku | cintaku

# Coercion: pushing staff to act outside the service.
menangkan perusahaan saya | menangkan kami | menangkan saya | tolong dimenangkan | harus dimenangkan | pokoknya menang
loloskan perusahaan saya | loloskan kami | loloskan saya | tolong diloloskan | harus diloloskan
ubah nilai | ubah hasil evaluasi | ganti hasil evaluasi | gugurkan pesaing | gugurkan peserta lain
bocorkan penawaran | bocoran penawaran | bocorkan harga | bocoran harga penawaran

# Milder insults are abuse only when aimed at someone, not when writers speak of themselves.
[group mild_insult]
bodoh | bodo | bebal | tidak becus | gak becus | ga becus | nggak becus | ngga becus | tak becus | gak guna | ga guna
tidak berguna | tak berguna | pemalas | malas kerja | sok pintar | sok pinter | sok tahu | sok tau | tidak kompeten

[rule STAFF_ABUSE mask]
all: you mild_insult
none: self
mask: mild_insult

[rule STAFF_ABUSE flag]
all: mild_insult

# Violence aimed at someone addressed.
[group violence]
bunuh | habisi | bacok | tusuk | hajar | gebuk | tembak | bakar | santet | celakai | aniaya | gorok | penggal

[rule STAFF_ABUSE block]
all: you violence
none: report
