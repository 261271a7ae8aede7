# Clause 1: hostility on grounds of religion, ethnicity, race or group (SARA).

[term SARA block]
kafir* | kapir* | dasar kafir | cina babi | cokin | antek aseng | antek asing | yahudi laknat | zionis laknat

# Identity words are not hate on their own; they are with a hostile word in the same message.
[group identity]
islam | muslim | muslimin | kristen | kristiani | nasrani | katolik | protestan | hindu | budha | buddha | konghucu
khonghucu | yahudi | zionis | ahmadiyah | syiah | wahabi | atheis | ateis | cina | china | cino | tionghoa | aseng
pribumi | non pribumi | jawa | sunda | banjar | dayak | madura | bugis | batak | ambon | papua | arab | keturunan
etnis | suku | ras | agama | umat | negro | kulit hitam | bule | kaum | asing | kapir
nabi | rasul | quran | alquran | al quran | injil | alkitab | yesus | allah | tuhan | ulama | habib | pendeta | pastor
biksu | kyai | kiai | ustadz | ustad

[group hostile]
bunuh | bantai | basmi | musnahkan | usir | ganyang | habisi | binasakan | perangi | benci | jijik | laknat | terkutuk
sesat | biadab | najis | hina | sampah | hama | teroris | penjajah | babi | anjing | monyet | kera | setan | iblis
bodoh | goblok | tolol | licik | maling | haram jadah | antek | busuk | kotor | pelit | rakus

[rule SARA block]
all: identity hostile
none: report
near: 5

# Houses of worship named with an attack.
[group worship]
masjid | mesjid | musholla | mushola | musala | langgar | surau | gereja | pura | vihara | wihara | klenteng | kelenteng

[group attack]
bakar | bom | ledakkan | hancurkan | serang | robohkan | rusak | rusakkan | bubarkan

[rule SARA block]
all: worship attack
none: report
near: 2
