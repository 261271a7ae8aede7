# Clause 1: fraud. Bribes and "guaranteed winner" offers, account sales, requests for passwords/OTP,
# money requested by staff, phishing links.

# Offers that are fraud whoever sends them, unless the message reports or asks about one.
[group scam_offer]
dijamin menang | jaminan menang | garansi menang | pasti dimenangkan | bisa diatur pemenang* | atur pemenang
mengatur pemenang | kondisikan pemenang | dikondisikan | pengkondisian | jasa pemenangan | jasa menang tender
jasa tender | joki tender | jual akun* | akun dijual | beli akun spse | jual beli akun | sewa akun* | akun disewakan
pinjam bendera | sewa bendera | pinjam perusahaan | sewa perusahaan | jual user id | jual password | uang pelicin
uang pelancar | pasti menang tender | menang tender tanpa

[rule PENIPUAN block]
all: scam_offer
none: report deny

[rule PENIPUAN flag]
all: scam_offer

# A bribe named together with winning or the tender.
[group bribe]
suap | menyuap | disuap | sogok | nyogok | menyogok | disogok | sogokan | pelicin | uang rokok | uang kopi
uang terima kasih | tanda terima kasih | amplop | upeti | komitmen fee | fee proyek | fee paket | fee pokja
fee panitia | imbalan | cashback | persenan | uang lelah | hadiah untuk

[group tender]
menang | pemenang | menangkan | dimenangkan | memenangkan | pemenangan | lolos | loloskan | diloloskan | lulus evaluasi
tender | lelang | proyek | paket | pokja | panitia | kontrak | evaluasi | spk | pengadaan | hps | penawaran

[rule PENIPUAN block]
all: bribe tender
none: report deny

[rule PENIPUAN flag]
all: bribe tender

# Asking for a password or an OTP: nobody at the helpdesk ever needs one.
[group ask]
kirim | kirimkan | kirimin | berikan | berikan kepada | kasih | kasihkan | kasih tau | kasih tahu | sebutkan | sebut
beritahu | beri tahu | beritahukan | share | bagikan | infokan | minta | ketikkan | fotokan | screenshot

[group secret]
password | passwd | pwd | kata sandi | sandi | pin | otp | kode otp | kode verifikasi | passcode | kode keamanan | cvv
kode rahasia | user dan password | username dan password | userid dan password

[rule PENIPUAN block agent]
all: ask secret
none: negate report

# From a visitor it is usually a clumsy reset request; a supervisor looks.
[rule PENIPUAN flag visitor]
all: ask secret you
none: negate report self

# Staff never ask for money in the chat (registration and the service are free).
[group pay]
transfer | transferkan | tf | kirim | kirimkan | bayar | bayarkan | setor | setorkan | lunasi | lunaskan

[group money]
uang | duit | biaya | rekening | rek | rp | rupiah | ribu | rb | juta | jt | pulsa | saldo | dana | fee | ongkos
tebusan | deposit | dp | administrasi

[rule PENIPUAN block agent]
all: pay money
none: negate

# A link that is not an official address, with the usual phishing call to action.
[group account_action]
verifikasi akun | validasi akun | aktivasi akun | login disini
login di sini | masuk disini | masuk di sini | klik link | klik disini | klik di sini | klik tautan
akun anda akan diblokir | akun anda diblokir | akun anda dinonaktifkan | menang undian | selamat anda

[rule PENIPUAN block]
all: extlink account_action
none: report
