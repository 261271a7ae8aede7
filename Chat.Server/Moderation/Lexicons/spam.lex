# Clause 3: advertising, gambling, loans. (Flooding, repeats and link bursts are counted per sender in Redis.)

[term SPAM block]
bocoran angka | angka jitu | angka main | prediksi togel | saldo gratis | pulsa gratis | kuota gratis
judi online | judol | judi slot | slot online | slot gacor | situs slot | main slot | gacor | maxwin | max win | togel
toto gelap | bandar togel | bandar judi | casino | kasino | poker online | domino qq | dominoqq | bonus new member
bonus deposit | link alternatif | rtp slot | rtp live | scatter | pragmatic play | zeus slot | sabung ayam online
pinjol | pinjaman online | pinjaman cepat | pinjaman tanpa jaminan | dana cepat cair | cair cepat | langsung cair
kta tanpa agunan | bebas bi checking | gadai bpkb | obat kuat | pelangsing | jasa followers | jual followers
beli followers | subscribe channel | follow ig | follow instagram | cek bio | link di bio | robot trading
profit harian | passive income | penghasilan tambahan | open reseller

[term SPAM flag]
depo | slot | promo

[group promo]
promo | diskon | harga murah | termurah | obral | gratis ongkir | ready stock | ready stok | open order | order sekarang
pesan sekarang | buruan | stok terbatas | dijamin ampuh | cod | jual murah | dijual murah

[group contact]
wa | whatsapp | hubungi | dm | inbox | chat kami | hub | kontak kami | wa me

[rule SPAM block]
all: promo extlink

[rule SPAM block]
all: promo contact

# Selling or investing: an offer with its sales words ("trading forex profit dijamin", "rumah disewakan, hubungi").
[group offer]
investasi | bisnis | trading | forex | crypto | kripto | saham | dijual | disewakan | dikontrakkan | jasa pembuatan
channel telegram | grup telegram | likes | subscriber | followers | viewers

[group sales]
bonus | gratis | murah | profit | dijamin | untung | cuan | keuntungan | diskon | promo

[rule SPAM block]
all: offer sales
none: report question quote
near: 8
scope: message

[rule SPAM block]
all: offer promo
none: report question quote
near: 8
scope: message

[rule SPAM block]
all: offer contact
none: report question quote
near: 8
scope: message

[rule SPAM block]
all: offer click
none: report question quote
near: 8
scope: message
