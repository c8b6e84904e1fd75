"""How many planted translation errors do ``migo check`` and ``pofilter`` catch, and how
often do they cry wolf on correct translations? Prints both side by side.

Real PO files are written for Turkish, Arabic, Russian and Persian (and an interface
catalog with ``{placeholders}`` for Turkish and Russian). Each holds correct translations
written the way natives write them (Turkish "saat 18.30'da", Russian "с 9 до 17 часов",
"5 евро 50 центов", Arabic-Indic and Persian digits, «» and “” quotes) and planted
errors of every kind ``migo check`` claims to find (brackets, quotes, whitespace, end
punctuation both ways, capitals, added numbers, sentence count, Persian letter forms,
Arabic spacing, compendium markers, acronyms, placeholders, and changed values).
Every entry has its own ``msgctxt`` so both tools' findings map back to it.

An error counts as *caught* when the tool reports anything for that entry. On correct
entries, *false alarms* are entries with any finding, and *error-level* false alarms the
ones a tool would fail a build on: migo's errors (critical checks), pofilter's failures
in its "critical" category (from Translate Toolkit's own ``run_filters(categorised=True)``).

    python benchmarks/qa_checks.py [--list]   # --list prints every miss and false alarm

Needs Translate Toolkit (``pip install -e '.[test]'``) for pofilter.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from pipeline import check
from pipeline.glossary import Glossary

# (German, block kind or "", translation) — correct, as a native reviewer writes them.
GERMAN = {
    "cafe": "Das Begegnungscafé öffnet um 18:30 Uhr.",
    "hours": "Die Beratung ist montags von 9 bis 17 Uhr geöffnet.",
    "price": "Der Eintritt kostet 5,50 €.",
    "meet": "Wir treffen uns am 3. Mai im Rathaus.",
    "head": "Neue Kurse im Frühling",
    "item": "Ausweis oder Pass",
    "project": "Das Projekt „Nachbarschaft verbindet“ startet im Juni.",
    "wsc": "Die WSC hilft bei Anträgen an das BAMF.",
    "people": "Mehr als 2.500 Menschen kamen zum Fest.",
    "signup": "Die Anmeldung ist bis zum 15. Juni möglich (auch online).",
    "welcome": "Kommen Sie vorbei! Wir freuen uns auf Sie.",
    "women": "Rund 40 % der Teilnehmenden sind Frauen.",
    "course": "Der Kurs dauert zwei Stunden.",
    "ten": "Die Sprechstunde beginnt um 10 Uhr.",
    "phone": "Fragen? Rufen Sie uns an: 0201 123456.",
    "fest": "Das Fest beginnt um 14 Uhr und endet gegen 22 Uhr.",
    "kids": "Kinder unter 6 Jahren zahlen nichts.",
    "year": "Im Jahr 2024 haben wir 12 Kurse angeboten.",
    "april": "Termine im April",
    "bus": "Der Bus fährt alle 15 Minuten.",
    "id": "Bitte bringen Sie Ihren Ausweis mit.",
    "expo": "Die Ausstellung ist vom 1. bis 30. Juni zu sehen.",
    "morning": "Das Frühstück gibt es von 8:30 bis 10 Uhr.",
    "price2": "Das Ticket kostet 12 Euro, ermäßigt 8 Euro.",
    "quote": "„Wir sind alle Nachbarn“, sagt Frau Yilmaz.",
    "link": "Mehr dazu auf <a1>unserer Seite</a1>.",
}
KINDS = {"head": "heading", "april": "heading", "item": "list item"}

CORRECT = {
    "tr": {
        "cafe": "Buluşma kafesi saat 18.30'da açılıyor.",
        "hours": "Danışma pazartesi günleri 9.00–17.00 saatleri arasında açıktır.",
        "price": "Giriş ücreti 5,50 €.",
        "meet": "3 Mayıs'ta belediye binasında buluşuyoruz.",
        "head": "Baharda yeni kurslar",
        "item": "Kimlik kartı veya pasaport",
        "project": "“Komşuluk birleştirir” projesi haziranda başlıyor.",
        "wsc": "WSC, BAMF'a yapılacak başvurularda yardımcı oluyor.",
        "people": "Şenliğe 2.500'den fazla kişi geldi.",
        "signup": "Kayıt 15 Haziran'a kadar mümkündür (çevrimiçi de).",
        "welcome": "Uğrayın! Sizi görmekten mutluluk duyarız.",
        "women": "Katılımcıların yaklaşık %40'ı kadındır.",
        "course": "Kurs iki saat sürüyor.",
        "ten": "Görüşme saati saat 10'da başlıyor.",
        "phone": "Sorularınız mı var? Bizi arayın: 0201 123456.",
        "fest": "Şenlik saat 14.00'te başlıyor ve 22.00 civarında bitiyor.",
        "kids": "6 yaşından küçük çocuklar ücret ödemez.",
        "year": "2024 yılında 12 kurs sunduk.",
        "april": "Nisan ayındaki etkinlikler",
        "bus": "Otobüs her 15 dakikada bir kalkıyor.",
        "id": "Lütfen kimliğinizi yanınızda getirin.",
        "expo": "Sergi 1-30 Haziran tarihleri arasında görülebilir.",
        "morning": "Kahvaltı saat 8.30 ile 10.00 arasında.",
        "price2": "Bilet 12 avro, indirimli 8 avro.",
        "quote": "“Hepimiz komşuyuz” diyor Yılmaz Hanım.",
        "link": "Daha fazlası <a1>sayfamızda</a1>.",
    },
    "ru": {
        "cafe": "Кафе встреч открывается в 18:30.",
        "hours": "Консультация открыта по понедельникам с 9 до 17 часов.",
        "price": "Вход стоит 5 евро 50 центов.",
        "meet": "Мы встречаемся 3 мая в ратуше.",
        "head": "Новые курсы весной",
        "item": "Удостоверение личности или паспорт",
        "project": "Проект «Соседство объединяет» стартует в июне.",
        "wsc": "WSC помогает с заявлениями в BAMF.",
        "people": "На праздник пришли более 2500 человек.",
        "signup": "Записаться можно до 15 июня (в том числе онлайн).",
        "welcome": "Приходите! Мы будем рады вас видеть.",
        "women": "Около 40 % участников — женщины.",
        "course": "Курс длится два часа.",
        "ten": "Приём начинается в 10 часов.",
        "phone": "Есть вопросы? Позвоните нам: 0201 123456.",
        "fest": "Праздник начинается в 14:00 и заканчивается около 22:00.",
        "kids": "Дети до 6 лет проходят бесплатно.",
        "year": "В 2024 году мы провели 12 курсов.",
        "april": "Мероприятия в апреле",
        "bus": "Автобус ходит каждые 15 минут.",
        "id": "Пожалуйста, возьмите с собой удостоверение личности.",
        "expo": "Выставка открыта с 1 по 30 июня.",
        "morning": "Завтрак с 8:30 до 10:00.",
        "price2": "Билет стоит 12 евро, льготный — 8 евро.",
        "quote": "«Мы все соседи», — говорит госпожа Йылмаз.",
        "link": "Подробнее на <a1>нашем сайте</a1>.",
    },
    "ar": {
        "cafe": "يفتح مقهى اللقاء في الساعة 18:30.",
        "hours": "الاستشارة مفتوحة أيام الاثنين من ٩ حتى ١٧.",
        "price": "رسم الدخول ٥٫٥٠ يورو.",
        "meet": "نلتقي في 3 مايو في مبنى البلدية.",
        "head": "دورات جديدة في الربيع",
        "item": "بطاقة الهوية أو جواز السفر",
        "project": "يبدأ مشروع «الجيرة تجمعنا» في يونيو.",
        "wsc": "يساعد WSC في تقديم الطلبات إلى BAMF.",
        "people": "حضر الاحتفال أكثر من 2500 شخص.",
        "signup": "التسجيل ممكن حتى 15 يونيو (عبر الإنترنت أيضًا).",
        "welcome": "تفضلوا بزيارتنا! يسعدنا استقبالكم.",
        "women": "حوالي 40٪ من المشاركين من النساء.",
        "course": "تستغرق الدورة ساعتين.",
        "ten": "تبدأ الاستشارة في الساعة ١٠ صباحًا.",
        "phone": "هل لديكم أسئلة؟ اتصلوا بنا: 0201 123456.",
        "fest": "يبدأ الاحتفال في الساعة 14:00 وينتهي نحو الساعة 22:00.",
        "kids": "لا يدفع الأطفال دون سن 6 سنوات شيئًا.",
        "year": "في عام 2024 قدمنا 12 دورة.",
        "april": "مواعيد شهر أبريل",
        "bus": "تنطلق الحافلة كل 15 دقيقة.",
        "id": "يرجى إحضار بطاقة الهوية.",
        "expo": "يمكن مشاهدة المعرض من 1 إلى 30 يونيو.",
        "morning": "الفطور من ٨:٣٠ حتى ١٠:٠٠.",
        "price2": "سعر التذكرة 12 يورو، والمخفضة 8 يورو.",
        "quote": "«كلنا جيران»، تقول السيدة يلماز.",
        "link": "المزيد على <a1>موقعنا</a1>.",
    },
    "fa": {
        "cafe": "کافه دیدار ساعت ۱۸:۳۰ باز می‌شود.",
        "hours": "مشاوره دوشنبه‌ها از ساعت ۹ تا ۱۷ باز است.",
        "price": "ورودی ۵٫۵۰ یورو است.",
        "meet": "ما روز ۳ مه در شهرداری همدیگر را می‌بینیم.",
        "head": "دوره‌های جدید در بهار",
        "item": "کارت شناسایی یا گذرنامه",
        "project": "پروژه «همسایگی پیوند می‌دهد» در ژوئن آغاز می‌شود.",
        "wsc": "WSC در درخواست‌ها به BAMF کمک می‌کند.",
        "people": "بیش از ۲۵۰۰ نفر به جشن آمدند.",
        "signup": "ثبت‌نام تا ۱۵ ژوئن امکان‌پذیر است (آنلاین هم).",
        "welcome": "به ما سر بزنید! از دیدارتان خوشحال می‌شویم.",
        "women": "حدود ۴۰٪ شرکت‌کنندگان زن هستند.",
        "course": "دوره دو ساعت طول می‌کشد.",
        "ten": "ساعت مشاوره از ساعت ۱۰ شروع می‌شود.",
        "phone": "سؤالی دارید؟ با ما تماس بگیرید: 0201 123456.",
        "fest": "جشن ساعت ۱۴ شروع می‌شود و حدود ساعت ۲۲ تمام می‌شود.",
        "kids": "کودکان زیر ۶ سال هزینه‌ای نمی‌پردازند.",
        "year": "در سال ۲۰۲۴، ما ۱۲ دوره برگزار کردیم.",
        "april": "برنامه‌های ماه آوریل",
        "bus": "اتوبوس هر ۱۵ دقیقه حرکت می‌کند.",
        "id": "لطفاً کارت شناسایی خود را همراه بیاورید.",
        "expo": "نمایشگاه از ۱ تا ۳۰ ژوئن دایر است.",
        "morning": "صبحانه از ساعت ۸:۳۰ تا ۱۰ است.",
        "price2": "بلیت ۱۲ یورو و بلیت تخفیف‌دار ۸ یورو است.",
        "quote": "خانم ییلماز می‌گوید: «ما همه همسایه‌ایم».",
        "link": "اطلاعات بیشتر در <a1>صفحهٔ ما</a1>.",
    },
}

# (kind of error, German key, wrong translation)
PLANTED = {
    "tr": [
        ("brackets", "signup", "Kayıt 15 Haziran'a kadar mümkündür (çevrimiçi de."),
        ("quotes", "project", "“Komşuluk birleştirir projesi haziranda başlıyor."),
        ("quotes", "quote", "„Hepimiz komşuyuz“ diyor Yılmaz Hanım."),
        ("whitespace", "id", " Lütfen kimliğinizi yanınızda getirin."),
        ("whitespace", "course", "Kurs iki saat sürüyor. "),
        ("whitespace", "bus", "Otobüs her 15  dakikada bir kalkıyor."),
        ("punctuation", "head", "Baharda yeni kurslar."),
        ("punctuation", "course", "Kurs iki saat sürüyor"),
        ("capitals", "id", "lütfen kimliğinizi yanınızda getirin."),
        ("numbers", "kids", "10 yaşından küçük çocuklar ücret ödemez."),
        ("sentences", "welcome", "Uğrayın!"),
        ("acronyms", "wsc", "Merkez, BAMF'a yapılacak başvurularda yardımcı oluyor."),
        ("value", "cafe", "Buluşma kafesi saat 18.00'de açılıyor."),
        ("value", "hours", "Danışma pazartesi günleri 9.00–16.00 saatleri arasında açıktır."),
        ("compendium", "bus", ("#-#-#-#-#  a.po  #-#-#-#-#\\nOtobüs her 15 dakikada bir kalkıyor.\\n"
                              "#-#-#-#-#  b.po  #-#-#-#-#\\nOtobüs 15 dakikada bir gelir.")),
        ("tags", "link", "Daha fazlası <a1>sayfamızda."),
    ],
    "ru": [
        ("brackets", "signup", "Записаться можно до 15 июня (в том числе онлайн."),
        ("quotes", "project", "Проект «Соседство объединяет стартует в июне."),
        ("quotes", "quote", "“Мы все соседи”, — говорит госпожа Йылмаз."),
        ("whitespace", "bus", "Автобус ходит каждые 15 минут. "),
        ("whitespace", "course", "Курс  длится два часа."),
        ("punctuation", "april", "Мероприятия в апреле."),
        ("punctuation", "item", "Удостоверение личности или паспорт."),
        ("punctuation", "course", "Курс длится два часа"),
        ("capitals", "id", "пожалуйста, возьмите с собой удостоверение личности."),
        ("numbers", "bus", "Автобус № 7 ходит каждые 15 минут."),
        ("sentences", "welcome", "Приходите! Мы будем рады вас видеть. Вход свободный."),
        ("acronyms", "wsc", "Центр помогает с заявлениями в BAMF."),
        ("value", "hours", "Консультация открыта по понедельникам с 9 до 16 часов."),
        ("value", "price", "Вход стоит 5 евро 30 центов."),
        ("value", "morning", "Завтрак с 8:00 до 10:00."),
        ("tags", "link", "Подробнее на нашем сайте</a1>."),
    ],
    "ar": [
        ("brackets", "signup", "التسجيل ممكن حتى 15 يونيو (عبر الإنترنت أيضًا."),
        ("quotes", "project", "يبدأ مشروع «الجيرة تجمعنا في يونيو."),
        ("script", "year", "في عام 2024 ، قدمنا 12 دورة."),
        ("script", "phone", "هل لديكم أسئلة؟اتصلوا بنا: 0201 123456."),
        ("whitespace", "id", "يرجى إحضار بطاقة الهوية. "),
        ("whitespace", "bus", "تنطلق الحافلة  كل 15 دقيقة."),
        ("punctuation", "head", "دورات جديدة في الربيع."),
        ("punctuation", "id", "يرجى إحضار بطاقة الهوية"),
        ("numbers", "bus", "تنطلق الحافلة كل 15 دقيقة من الرصيف 4."),
        ("sentences", "welcome", "تفضلوا بزيارتنا!"),
        ("acronyms", "wsc", "يساعد المركز في تقديم الطلبات إلى BAMF."),
        ("value", "hours", "الاستشارة مفتوحة أيام الاثنين من ٩ حتى ١٦."),
        ("value", "people", "حضر الاحتفال أكثر من 250 شخص."),
        ("compendium", "course", ("#-#-#-#-#  a.po  #-#-#-#-#\\nتستغرق الدورة ساعتين.\\n"
                                 "#-#-#-#-#  b.po  #-#-#-#-#\\nمدة الدورة ساعتان.")),
    ],
    "fa": [
        ("script", "id", "لطفاً كارت شناسايي خود را همراه بياوريد."),
        ("script", "bus", "اتوبوس هر ۱۵ دقیقه حرکت می‌كند."),
        ("script", "year", "در سال ۲۰۲۴ ، ما ۱۲ دوره برگزار کردیم."),
        ("script", "phone", "سؤالی دارید؟با ما تماس بگیرید: 0201 123456."),
        ("brackets", "signup", "ثبت‌نام تا ۱۵ ژوئن امکان‌پذیر است (آنلاین هم."),
        ("quotes", "project", "پروژه «همسایگی پیوند می‌دهد در ژوئن آغاز می‌شود."),
        ("punctuation", "head", "دوره‌های جدید در بهار."),
        ("punctuation", "course", "دوره دو ساعت طول می‌کشد"),
        ("whitespace", "kids", " کودکان زیر ۶ سال هزینه‌ای نمی‌پردازند."),
        ("numbers", "course", "دوره دو ساعت و ۳۰ دقیقه طول می‌کشد."),
        ("sentences", "welcome", "به ما سر بزنید."),
        ("acronyms", "wsc", "مرکز در درخواست‌ها به BAMF کمک می‌کند."),
        ("value", "cafe", "کافه دیدار ساعت ۱۹:۳۰ باز می‌شود."),
        ("value", "morning", "صبحانه از ساعت ۸ تا ۱۰ است."),
        ("compendium", "cafe", ("#-#-#-#-#  a.po  #-#-#-#-#\\nکافه ساعت ۱۸:۳۰ باز می‌شود.\\n"
                               "#-#-#-#-#  b.po  #-#-#-#-#\\nکافه دیدار ساعت ۱۸:۳۰ باز است.")),
    ],
}

# the page frame's catalog: English source with {placeholders} migo fills in
INTERFACE = {
    "issue": "migo issue {issue}",
    "reviewed": "{reviewed} of {total} sentences checked by a person",
    "menu": "Languages",
    "skip": "Skip to main content",
}
INTERFACE_CORRECT = {
    "tr": {"issue": "migo sayı {issue}", "menu": "Diller", "skip": "Ana içeriğe geç",
           "reviewed": "{total} cümleden {reviewed} tanesi bir kişi tarafından kontrol edildi"},
    "ru": {"issue": "migo, выпуск {issue}", "menu": "Языки", "skip": "Перейти к содержанию",
           "reviewed": "{reviewed} из {total} предложений проверены человеком"},
}
INTERFACE_PLANTED = {
    "tr": [("variables", "issue", "migo sayı {sayı}"),
           ("variables", "reviewed", "{total} cümleden tanesi bir kişi tarafından kontrol edildi")],
    "ru": [("variables", "issue", "migo, выпуск issue"),
           ("variables", "reviewed", "{reviewed} из {total} предложений проверены {person}")],
}


# A held-out set, written after the checks were finished and scored once before any
# change (the first run's figures are in benchmarks/README.md): the set above was written
# alongside the checks and flatters them.
HELDOUT_GERMAN = {
    "fest": "Am Samstag, 14. Juni, feiern wir ab 15 Uhr im Stadtpark.",
    "rent": "Die Miete beträgt 450 € im Monat.",
    "office": "Das Büro ist dienstags und donnerstags von 10 bis 12:30 Uhr besetzt.",
    "mail": "Anmeldung unter info@wsc-essen.de oder telefonisch.",
    "families": "Rund 1.200 Familien nutzen das Angebot.",
    "need": "Was brauche ich für den Antrag?",
    "contact": "Ansprechpartnerin: Frau Demir",
    "fee": "Der Kurs kostet 30 Euro, für Mitglieder ist er kostenlos.",
    "deadline": "Die Frist endet am 31.07.2024.",
    "volunteers": "Wir suchen Ehrenamtliche, die Deutsch und Arabisch sprechen.",
}
HELDOUT_CORRECT = {
    "tr": {
        "fest": "14 Haziran Cumartesi günü saat 15.00'ten itibaren şehir parkında kutluyoruz.",
        "rent": "Kira aylık 450 €.",
        "office": "Ofis salı ve perşembe günleri 10.00-12.30 arasında açık.",
        "mail": "Kayıt info@wsc-essen.de adresinden veya telefonla yapılabilir.",
        "families": "Yaklaşık 1.200 aile bu hizmetten yararlanıyor.",
        "need": "Başvuru için neye ihtiyacım var?",
        "contact": "İrtibat kişisi: Demir Hanım",
        "fee": "Kurs 30 avro, üyeler için ücretsiz.",
        "deadline": "Son başvuru tarihi 31.07.2024.",
        "volunteers": "Almanca ve Arapça konuşan gönüllüler arıyoruz.",
    },
    "ru": {
        "fest": "В субботу, 14 июня, с 15:00 празднуем в городском парке.",
        "rent": "Аренда составляет 450 € в месяц.",
        "office": "Офис работает по вторникам и четвергам с 10:00 до 12:30.",
        "mail": "Записаться можно по адресу info@wsc-essen.de или по телефону.",
        "families": "Этой услугой пользуются около 1200 семей.",
        "need": "Что мне нужно для заявления?",
        "contact": "Контактное лицо: госпожа Демир",
        "fee": "Курс стоит 30 евро, для членов — бесплатно.",
        "deadline": "Срок истекает 31.07.2024.",
        "volunteers": "Мы ищем волонтёров, говорящих по-немецки и по-арабски.",
    },
    "ar": {
        "fest": "نحتفل يوم السبت 14 يونيو ابتداءً من الساعة 15:00 في حديقة المدينة.",
        "rent": "الإيجار 450 يورو شهريًا.",
        "office": "المكتب مفتوح أيام الثلاثاء والخميس من الساعة 10 حتى 12:30.",
        "mail": "التسجيل عبر info@wsc-essen.de أو بالهاتف.",
        "families": "يستفيد من الخدمة حوالي 1200 عائلة.",
        "need": "ما الذي أحتاجه لتقديم الطلب؟",
        "contact": "جهة الاتصال: السيدة دمير",
        "fee": "تكلفة الدورة 30 يورو، وهي مجانية للأعضاء.",
        "deadline": "ينتهي الموعد النهائي في 31.07.2024.",
        "volunteers": "نبحث عن متطوعين يتحدثون الألمانية والعربية.",
    },
    "fa": {
        "fest": "شنبه ۱۴ ژوئن از ساعت ۱۵ در پارک شهر جشن می‌گیریم.",
        "rent": "اجاره ماهانه ۴۵۰ یورو است.",
        "office": "دفتر سه‌شنبه‌ها و پنجشنبه‌ها از ساعت ۱۰ تا ۱۲:۳۰ باز است.",
        "mail": "ثبت‌نام از طریق info@wsc-essen.de یا تلفنی.",
        "families": "حدود ۱۲۰۰ خانواده از این خدمت استفاده می‌کنند.",
        "need": "برای درخواست به چه چیزی نیاز دارم؟",
        "contact": "مسئول تماس: خانم دمیر",
        "fee": "هزینهٔ دوره ۳۰ یورو است و برای اعضا رایگان است.",
        "deadline": "مهلت ۳۱ ژوئیهٔ ۲۰۲۴ به پایان می‌رسد.",
        "volunteers": "به دنبال داوطلبانی هستیم که آلمانی و عربی صحبت کنند.",
    },
}
HELDOUT_PLANTED = {
    "tr": [
        ("value", "office", "Ofis salı ve perşembe günleri 10.00-12.00 arasında açık."),
        ("punctuation", "need", "Başvuru için neye ihtiyacım var"),
        ("capitals", "volunteers", "almanca ve Arapça konuşan gönüllüler arıyoruz."),
        ("brackets", "rent", "Kira aylık 450 € (depozito hariç."),
        ("whitespace", "families", "Yaklaşık 1.200 aile  bu hizmetten yararlanıyor."),
    ],
    "ru": [
        ("punctuation", "contact", "Контактное лицо: госпожа Демир."),
        ("value", "fest", "В субботу, 14 июня, с 16:00 празднуем в городском парке."),
        ("numbers", "fee", "Курс стоит 30 евро, для членов — бесплатно. Скидка 10 %."),
        ("punctuation", "mail", "Записаться можно по адресу info@wsc-essen.de или по телефону"),
        ("whitespace", "volunteers", "Мы ищем волонтёров, говорящих по-немецки и по-арабски. "),
    ],
    "ar": [
        ("script", "need", "ما الذي أحتاجه لتقديم الطلب ؟"),
        ("value", "deadline", "ينتهي الموعد النهائي في 30.07.2024."),
        ("script", "fee", "تكلفة الدورة 30 يورو،وهي مجانية للأعضاء."),
        ("numbers", "families", "يستفيد من الخدمة حوالي 1200 عائلة في 3 مدن."),
        ("brackets", "office", "المكتب مفتوح أيام الثلاثاء والخميس (من الساعة 10 حتى 12:30."),
    ],
    "fa": [
        ("script", "volunteers", "به دنبال داوطلبانی هستیم كه آلمانی و عربی صحبت كنند."),
        ("punctuation", "rent", "اجاره ماهانه ۴۵۰ یورو است"),
        ("script", "need", "برای درخواست به چه چیزی نیاز دارم ؟"),
        ("value", "fest", "شنبه ۱۴ ژوئن از ساعت ۱۶ در پارک شهر جشن می‌گیریم."),
        ("quotes", "mail", "«ثبت‌نام از طریق info@wsc-essen.de یا تلفنی."),
    ],
}


def build(folder: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """Write the PO files; return, per file, msgctxt → ("ok" | error kind, language)."""
    truth: dict[str, dict[str, tuple[str, str]]] = {}
    for lang, correct in CORRECT.items():
        entries = [(f"ok-{k}", GERMAN[k], t, "ok", KINDS.get(k)) for k, t in correct.items()]
        entries += [(f"err-{i}-{kind}", GERMAN[key], text, kind, KINDS.get(key))
                    for i, (kind, key, text) in enumerate(PLANTED[lang])]
        truth[_write(folder, lang, "bench", entries)] = {e[0]: (e[3], lang) for e in entries}
        held = [(f"ok-{k}", HELDOUT_GERMAN[k], t, "ok", None)
                for k, t in HELDOUT_CORRECT[lang].items()]
        held += [(f"err-{i}-{kind}", HELDOUT_GERMAN[key], text, kind, None)
                 for i, (kind, key, text) in enumerate(HELDOUT_PLANTED[lang])]
        truth[_write(folder, lang, "heldout", held)] = {e[0]: (e[3], lang) for e in held}
    for lang, correct in INTERFACE_CORRECT.items():
        entries = [(f"ok-{k}", INTERFACE[k], t, "ok", None) for k, t in correct.items()]
        entries += [(f"err-{i}-{kind}", INTERFACE[key], text, kind, None)
                    for i, (kind, key, text) in enumerate(INTERFACE_PLANTED[lang])]
        truth[_write(folder, lang, "migo-interface", entries)] = {e[0]: (e[3], lang)
                                                                  for e in entries}
    return truth


def _write(folder: Path, lang: str, domain: str, entries: list) -> str:
    po = Catalog(locale=lang, project="qa-bench", fuzzy=False)
    for context, source, target, _, kind in entries:
        po.add(source, target.replace("\\n", "\n"), context=context,
               auto_comments=[kind] if kind else [])
    path = folder / lang / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, po, width=76)
    return str(path)


def migo_flags(truth: dict) -> tuple[dict, dict]:
    """(any finding, error-level finding) per (file, msgctxt)."""
    paths = [Path(p) for p in truth]
    findings = check.check_files(paths, Glossary())
    contexts = _contexts_by_line(paths)
    flagged: dict = defaultdict(list)
    errors: dict = defaultdict(list)
    for finding in findings:
        key = (str(finding.path), contexts[str(finding.path)][finding.line])
        flagged[key].append(finding.code)
        if finding.severity == check.ERROR:
            errors[key].append(finding.code)
    return flagged, errors


def _contexts_by_line(paths: list[Path]) -> dict[str, dict[int, str]]:
    """msgid line → msgctxt of that entry, as migo reports the msgid's line."""
    found: dict[str, dict[int, str]] = {}
    for path in paths:
        lines, context = {}, ""
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("msgctxt "):
                context = line[len('msgctxt "'):-1]
                lines[number] = context
            elif line.startswith("msgid "):
                lines[number] = context
        found[str(path)] = lines
    return found


def pofilter_flags(truth: dict) -> tuple[dict, dict]:
    """pofilter --language per file (its CLI), and its critical category via its API."""
    from translate.filters import checks
    from translate.filters.decorators import Category
    from translate.storage import factory

    flagged: dict = defaultdict(list)
    critical: dict = defaultdict(list)
    for path, entries in truth.items():
        lang = next(iter(entries.values()))[1]
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.po"
            subprocess.run([shutil.which("pofilter") or "pofilter", f"--language={lang}",
                            path, str(out)], check=True, capture_output=True)
            with out.open("rb") as handle:
                for message in read_po(handle):
                    if message.context:
                        tests = [c.split(":")[0].removeprefix("(pofilter) ")
                                 for c in message.user_comments if c.startswith("(pofilter)")]
                        flagged[(path, message.context)] += tests
        checker = checks.StandardChecker(checkerconfig=checks.CheckerConfig(targetlanguage=lang))
        for unit in factory.getobject(path).units:
            if unit.isheader() or not unit.getcontext():
                continue
            failures = checker.run_filters(unit, categorised=True)
            names = [n for n, f in failures.items() if f["category"] == Category.CRITICAL]
            if names:
                critical[(path, unit.getcontext())] += names
    return flagged, critical


def score(truth: dict, flagged: dict, errors: dict) -> dict[str, object]:
    planted = [(p, c, k) for p, e in truth.items() for c, (k, _) in e.items() if k != "ok"]
    correct = [(p, c) for p, e in truth.items() for c, (k, _) in e.items() if k == "ok"]
    missed = [(p, c, k) for p, c, k in planted if not flagged.get((p, c))]
    alarms = [(p, c) for p, c in correct if flagged.get((p, c))]
    error_alarms = [(p, c) for p, c in correct if errors.get((p, c))]
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p, c, k in planted:
        by_kind[k][1] += 1
        by_kind[k][0] += bool(flagged.get((p, c)))
    return {"planted": len(planted), "caught": len(planted) - len(missed), "missed": missed,
            "correct": len(correct), "alarms": alarms, "error_alarms": error_alarms,
            "by_kind": dict(by_kind)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print every miss and false alarm")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        truth = build(Path(tmp))
        migo, pofilter = migo_flags(truth), pofilter_flags(truth)
        results = {"migo check": score(truth, *migo), "pofilter --language": score(truth, *pofilter)}
        migo_flagged, pofilter_flagged = migo[0], pofilter[0]
        held = {path: entries for path, entries in truth.items() if "heldout" in path}
        held_results = {"migo check": score(held, *migo),
                        "pofilter --language": score(held, *pofilter)}
    _print(results, "all entries")
    print()
    _print(held_results, "held-out set only (written after the checks, see README)")
    if args.list:
        for name, flags in (("migo check", migo_flagged), ("pofilter --language", pofilter_flagged)):
            result = results[name]
            print(f"\n{name}: missed")
            for p, c, k in result["missed"]:
                print(f"  {Path(p).parent.parent.name}/{Path(p).stem} {c}")
            print(f"{name}: false alarms")
            for p, c in result["alarms"]:
                level = "ERROR " if (p, c) in result["error_alarms"] else ""
                print(f"  {level}{Path(p).parent.parent.name}/{Path(p).stem} {c}: "
                      f"{', '.join(dict.fromkeys(flags[(p, c)]))}")
    return 0


def _print(results: dict, title: str) -> None:
    names = list(results)
    first = results[names[0]]
    print(f"QA checks on {first['planted']} planted errors and {first['correct']} correct "
          f"translations (tr, ar, ru, fa): {title}\n")
    print(f"{'':34}" + "".join(f"{n:>22}" for n in names))
    rows = [
        ("planted errors caught", lambda r: f"{r['caught']}/{r['planted']} "
                                            f"({100 * r['caught'] / r['planted']:.1f} %)"),
        ("false alarms (any level)", lambda r: f"{len(r['alarms'])}/{r['correct']} "
                                               f"({100 * len(r['alarms']) / r['correct']:.1f} %)"),
        ("error-level false alarms", lambda r: f"{len(r['error_alarms'])}/{r['correct']} "
                                               f"({100 * len(r['error_alarms']) / r['correct']:.1f} %)"),
    ]
    for label, cell in rows:
        print(f"{label:34}" + "".join(f"{cell(results[n]):>22}" for n in names))
    print("\ncaught per kind of error")
    kinds = sorted(first["by_kind"])
    for kind in kinds:
        print(f"  {kind:32}" + "".join(
            f"{'{}/{}'.format(*results[n]['by_kind'][kind]):>22}" for n in names))


if __name__ == "__main__":
    sys.exit(main())
