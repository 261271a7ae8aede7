# Clause 1: fraud and corruption. Bribes for procurement outcomes, account sales, requests for credentials
# (from anyone), payment demanded in the name of LPSE/LKPP/officials, prize scams, phishing links.

# Offers that are fraud whoever sends them, unless the message reports or asks about one.
[role scam_offer]
pelicinnya | uang pelancarnya
dijamin menang | jaminan menang | garansi menang | pasti dimenangkan | bisa diatur pemenang* | atur pemenang
mengatur pemenang | kondisikan pemenang | dikondisikan | pengkondisian | jasa pemenangan | jasa menang tender
jasa tender | joki tender | jual akun* | akun dijual | beli akun spse | jual beli akun | sewa akun* | akun disewakan
pinjam bendera | sewa bendera | pinjam perusahaan | sewa perusahaan | jual user id | jual password | uang pelicin
uang pelancar | pasti menang tender | menang tender tanpa | bisa dibantu menang | dibantu menang | bisa diatur
atur saja | kawa diatur | bisa dikondisikan | main mata

[rule PENIPUAN block why=bribe]
all: scam_offer
none: deny

# MONEY offered, named in any form.
[role money]
uang | duit | rp | rupiah | ribu | rb | juta | jt | miliar | milyar | komisi | fee | persen | hadiah | imbalan
amplop | cashback | transfer | tf | transferkan | kirim uang | kukirimi | saya kasih | kami kasih | saya beri | kami beri
uang terima kasih | tanda terima kasih | uang rokok | uang kopi | uang lelah | jatah | bagian | persenan | setoran
ongkos | bayaran | dibayar | saya bayar | kami bayar | duit rokok | duit kopi | sangu | tip | bonus | oleh oleh
upeti | suap | sogok | pelicin | sogokan | pemberian | bingkisan | parcel | hadiah untuk | dikasih
# Banjar: bari (give), duit gasan (money for), kirimi (send to).
ulun bari | kami bari | ulun kirimi | kami kirimi | duit gasan | ulun bayar | kami bayari | ulun transfer

# CONDITION: money tied to an outcome.
[role condition]
asal | asalkan | asal bisa | supaya | agar | biar | kalau | kalo | klo | jika | apabila | dengan syarat | syaratnya
yang penting | pokoknya | nanti ada | nanti dikasih | nanti saya kasih | nanti kami kasih | imbalannya | sebagai gantinya
kalau bisa menang | kalau menang | jika menang | bila menang | amun | mun | asal ja | supaya kawa

# PROCUREMENT OUTCOME: what a bribe is meant to buy.
[role outcome]
dinyatakan menang | ditolak | digugurkan saja | tidak lolos | disingkirkan
menang | menang tender | dimenangkan | menangkan | memenangkan | pemenang | pemenangnya | lolos | diloloskan | loloskan
nilai | nilainya | nilai kami | dinaikkan | naikkan | skor | hps | harga perkiraan | penawaran pesaing | harga pesaing
penawaran peserta lain | bocorkan | bocoran | dibocorkan | dipercepat | percepat | dipercepatkan | diatur | diprioritaskan
digugurkan | gugurkan | kontraknya | dapat proyek | dapat paket | paket itu | proyek itu | tender itu | evaluasi | lulus
lulus evaluasi | kualifikasi kami | dimenangkan kami | kawa menang | dimenangakan
manang | manang tender | dimanangakan | dimanangkan | manangakan | kawa manang | lulus evaluasi | dilulusakan | dilakasakan

# Fees the procurement itself requires.
[role legit_payment]
jaminan penawaran | jaminan pelaksanaan | jaminan pemeliharaan | jaminan uang muka | garansi bank | bank garansi
surety bond | jaminan bank | biaya jaminan | pajak | ppn | pph | bea materai | meterai

[rule PENIPUAN block why=bribe]
all: money condition outcome
none: deny report question legit_payment
scope: message
near: 8

# LEAKING what must stay sealed (competitors' bids, the HPS before it is published), asked for or paid for.
[role leak]
bocorkan | bocorin | bocoran | dibocorkan | membocorkan | kasih bocoran | minta bocoran | intip | intipkan | kasih tau duluan
kasih tahu duluan | beri tahu duluan | sebelum diumumkan | sebelum pembukaan | duluan | lebih dulu

[role sealed]
penawaran pesaing | harga pesaing | nilai penawaran pesaing | penawaran peserta lain | harga penawaran peserta lain
penawaran kompetitor | harga kompetitor | penawaran perusahaan lain | harga penawaran pesaing | daftar harga penawaran
hps | harga perkiraan sendiri | nilai hps | owner estimate | dokumen penawaran peserta lain

[role reward]
imbalan | imbalannya | ada imbalan | saya bayar | kami bayar | dibayar | saya kasih | kami kasih | nanti saya kasih
nanti kami kasih | ada bagian | dapat bagian | uang terima kasih | tanda terima kasih | saya transfer | kami transfer
fee | komisi | amplop | uang rokok | uang kopi | saya beri | kami beri | persenan | jatah

[rule PENIPUAN block why=bribe]
all: sealed reward
none: deny report quote legit_payment
scope: message

[rule PENIPUAN block why=bribe]
all: leak sealed
none: deny report quote
scope: message

# A bribe named together with the tender.
[role bribe]
pelicinnya | pelancar | pelancarnya | uang pelancar | uang pengertian | uang koordinasi | uang damai
suap | menyuap | disuap | sogok | nyogok | menyogok | disogok | sogokan | pelicin | uang rokok | uang kopi
uang terima kasih | tanda terima kasih | amplop | upeti | komitmen fee | fee proyek | fee paket | fee pokja
fee panitia | imbalan | cashback | persenan | uang lelah | hadiah untuk | uang pelicin | jatah preman

[role tender]
menang | pemenang | menangkan | dimenangkan | memenangkan | pemenangan | lolos | loloskan | diloloskan | lulus evaluasi
tender | lelang | proyek | paket | pokja | panitia | kontrak | evaluasi | spk | pengadaan | hps | penawaran | nilai

[rule PENIPUAN block why=bribe]
all: bribe tender
none: report deny
scope: message

[rule PENIPUAN flag]
all: bribe tender
scope: message

[rule PENIPUAN flag]
all: scam_offer

# CREDENTIAL asked for: nobody at the helpdesk, and no visitor, ever needs another person's secret.
[role ask]
sebutakan | ketik ulang | perlukan | butuhkan | kami butuhkan | saya butuhkan | setorkan | serahkan
kirim | kirimkan | kirimin | berikan | berikan kepada | kasih | kasihkan | kasih tau | kasih tahu | sebutkan | sebut
beritahu | beri tahu | beritahukan | share | bagikan | infokan | minta | ketikkan | fotokan | screenshot | bacakan | eja
tuliskan | tulis | input | masukkan ke sini | kirim ke sini | balas dengan | bari | bariakan | sabutakan | padahakan
kirimi | kirimakan | padahi | sabut | tulisakan
mohon info | info | tunjukkan | perlihatkan | forward | teruskan

[role credential]
kode login | kode masuk
password | passwd | pwd | kata sandi | sandi | pin | otp | kode otp | kode verifikasi | passcode | kode keamanan | cvv
kode rahasia | user dan password | username dan password | userid dan password | token | kode token | kode akses
kode sms | kode yang masuk | kode yang diterima | kode yang baru diterima | kode yang dikirim | kode dari sms | angka yang masuk | kode 6 digit | 6 digit | pin atm | nomor kartu | kode aktivasi akun orang

[role self_destination]
ke email saya | ke nomor saya | ke hp saya | ke wa saya | ke ponsel saya | ke email kami | ke email perusahaan | ulang
ke email ulun | ke hp ulun | ka email ulun | ka hp ulun | ka wa ulun | ka nomor ulun

[rule PENIPUAN block agent why=credential]
all: ask credential
none: negate report

[rule PENIPUAN block visitor why=credential]
all: ask credential you
none: negate report self_destination
scope: message
near: 8

[rule PENIPUAN flag visitor]
all: ask credential
none: negate report self_destination self

# AUTHORITY claimed by the writer, with a PAYMENT asked for.
[role authority]
pak ppk | bu ppk | pak pokja | bu pokja | ketua pokja | auditor | kepala bagian | kabag | dari bpkp | dari ombudsman | saya dari polda | dari polres | penyidik | saya jaksa | dengan hormat kami
saya dari lpse | kami dari lpse | saya dari lkpp | kami dari lkpp | dari pihak lpse | dari pihak lkpp | pihak lpse | pihak lkpp
saya petugas | kami petugas | saya pegawai | kami pegawai | saya staf | kami staf | saya admin | kami admin | kami tim
saya pejabat | kami selaku | saya selaku | atas nama | mengatasnamakan | petugas lpse | admin lpse | tim lpse | helpdesk lpse
lpse pusat | lkpp pusat | dari lkpp | dari lpse | dari inaproc | dari spse | tim inaproc | tim spse | admin spse | saya helpdesk
kami helpdesk | dari helpdesk | dari kementerian | dari inspektorat | dari kejaksaan | dari kepolisian | ulun dari lpse
kami verifikator | saya verifikator | pesan resmi | pemberitahuan resmi | informasi resmi | helpdesk resmi | ini helpdesk
admin resmi | petugas resmi | customer service lpse | cs lpse | saya kepala dinas | saya kadis | saya kepala | saya sekda
saya ajudan | saya ppk | kami dari dinas | saya dari dinas | saya dari inspektorat | saya dari bpk | saya dari kpk
ulun patugas | ulun petugas | ulun pagawai | ulun admin | kami dari lpse | ulun dari lkpp | ulun kepala dinas

[role payment]
rekening pribadi | atas nama pribadi | uang koordinasi | uang administrasi
transfer | tf | transferkan | pulsa | kirim pulsa | biaya admin | biaya administrasi | biaya aktivasi | biaya verifikasi
biaya perpanjangan | biaya pendaftaran | biaya pemulihan | biaya validasi | biaya sertifikat | kirim uang | setor | setorkan
bayar | bayarkan | lunasi | uang jaminan ke | rekening atas nama | ke rekening | no rek | nomor rekening | dana | ovo | gopay
shopeepay | voucher | saldo | isi pulsa | isikan pulsa | belikan pulsa | kirimi pulsa | token listrik | biaya perpanjangan akun
ka rekening | bayari | isiakan pulsa | tukarakan pulsa

[role demand]
meminta | minta | diminta | dimohon | cukup | tinggal | perlu | diperlukan | ditunggu | langsung | wajibkan | secepatnya | hari ini juga
silakan | silahkan | mohon | harap | segera | wajib | harus | diharuskan | paling lambat | sebelum | agar | supaya | untuk
kalau tidak | jika tidak | bila tidak | akan diblokir | dinonaktifkan | dihapus | hangus | tolong | dulu | nanti diganti

[rule PENIPUAN block why=impersonation]
all: authority payment demand
none: report question quote legit_payment deny
scope: message

# Staff never ask for money in the chat (registration and the service are free).
[role pay]
transfer | transferkan | tf | kirim | kirimkan | bayar | bayarkan | setor | setorkan | lunasi | lunaskan

[role fee]
uang | duit | biaya | rekening | rek | rp | rupiah | ribu | rb | juta | jt | pulsa | saldo | dana | fee | ongkos
tebusan | deposit | dp | administrasi

[rule PENIPUAN block agent why=impersonation]
all: pay fee
none: negate

# PRIZE and lottery scams: a prize with a link or a payment.
[role prize]
menang arisan | rejeki nomplok | rezeki nomplok | pemenang beruntung | berhak mendapat hadiah | berhak mendapatkan hadiah | menang giveaway
undian | hadiah | memenangkan undian | menang undian | pemenang undian | selamat anda | selamat kepada | giveaway | doorprize
door prize | klaim hadiah | hadiah langsung | mendapatkan hadiah | terpilih sebagai pemenang | beruntung | hadiah utama
mobil gratis | motor gratis | uang tunai | cek tunai | anda terpilih | terpilih mendapatkan | terpilih dapat | hadiah mobil
hadiah motor | pajak hadiah

[rule PENIPUAN block why=prize]
all: prize extlink
none: report quote
scope: message

[rule PENIPUAN block why=prize]
all: prize payment
none: report quote question
scope: message

# A link that is not an official address, with the usual phishing call to action.
[role account_action]
verifikasi akun | validasi akun | aktivasi akun | login disini | login ulang | masuk ulang | perbarui data | update data
login di sini | masuk disini | masuk di sini | klik link | klik disini | klik di sini | klik tautan | daftar di | daftar ulang di
akun anda akan diblokir | akun anda diblokir | akun anda dinonaktifkan | menang undian | selamat anda | agar akun tidak diblokir
tidak diblokir | kami blokir | akan diblokir | login melalui | masuk melalui | silakan login | silakan daftar

[rule PENIPUAN block why=phishing]
all: extlink account_action
none: report
scope: message

# A PRICE asked for an outcome ("berapa supaya kami lolos?"): the question is the offer.
[role price_ask]
mau berapa | minta berapa | berapa biar | berapa supaya | berapa agar | berapa uangnya | berapa fee | berapa pelicin
berapa pelicinnya | berapa komisinya | berapa jatahnya | berapa amplopnya | barapa handak | handak barapa

[rule PENIPUAN block why=bribe]
all: price_ask condition outcome
none: deny report quote legit_payment
near: 10
scope: message

# Settling "outside the rules" with someone who claims authority: extortion.
[role settlement]
jalur damai | uang damai | damai saja
diselesaikan baik baik | bisa dibantu selesaikan | bisa diamankan | diamankan | kasusnya bisa ditutup | bisa ditutup

[rule PENIPUAN block why=impersonation]
all: authority settlement
none: report quote question
scope: message

# PRIZE with a click or a contact ("klik tautan di bawah, hadiah menunggu", "pemenang undian hubungi wa").
[role click]
klik | klik link | klik tautan | buka link | buka tautan | kunjungi | link ini | tautan ini | link berikut | tautan berikut
link di bawah | tautan di bawah | akses link

[rule PENIPUAN block why=prize]
all: prize click
none: report quote question
scope: message

[rule PENIPUAN block why=prize]
all: prize contact
none: report quote question
scope: message
