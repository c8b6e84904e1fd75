"""Every check added to reach pofilter's depth: a failing and a passing example in at
least two target languages, the category that decides error or warning, value
comparison of times and money, --only/--exclude and migo.toml's [check] table."""

import pytest

from pipeline import check
from pipeline.check import Entry, check_entry
from pipeline.cli import main
from pipeline.glossary import Glossary

# (check, language, German, wrong translation, right translation, block kind)
CASES = [
    ("brackets", "tr", "Anmeldung bis Juni (auch online).",
     "Kayıt hazirana kadar (çevrimiçi de.", "Kayıt hazirana kadar (çevrimiçi de).", ""),
    ("brackets", "ar", "Anmeldung bis Juni (auch online).",
     "التسجيل حتى يونيو (عبر الإنترنت أيضًا.", "التسجيل حتى يونيو (عبر الإنترنت أيضًا).", ""),
    ("quotes", "ru", "Das Projekt „Nachbarn“ startet.",
     "Проект «Соседи стартует.", "Проект «Соседи» стартует.", ""),
    ("quotes", "tr", "Das Projekt „Nachbarn“ startet.",
     "„Komşular“ projesi başlıyor.", "“Komşular” projesi başlıyor.", ""),
    ("quotes", "fa", "Das Projekt „Nachbarn“ startet.",
     "پروژه «همسایه‌ها آغاز می‌شود.", "پروژه «همسایه‌ها» آغاز می‌شود.", ""),
    ("whitespace", "tr", "Bitte bringen Sie Ihren Ausweis mit.",
     " Lütfen kimliğinizi getirin.", "Lütfen kimliğinizi getirin.", ""),
    ("whitespace", "ru", "Bitte bringen Sie Ihren Ausweis mit.",
     "Пожалуйста,  возьмите паспорт.", "Пожалуйста, возьмите паспорт.", ""),
    ("whitespace", "ar", "Bitte bringen Sie Ihren Ausweis mit.",
     "يرجى إحضار بطاقة الهوية. ", "يرجى إحضار بطاقة الهوية.", ""),
    ("punctuation", "tr", "Neue Kurse im Frühling", "Baharda yeni kurslar.",
     "Baharda yeni kurslar", "heading"),
    ("punctuation", "ar", "Neue Kurse im Frühling", "دورات جديدة في الربيع.",
     "دورات جديدة في الربيع", "heading"),
    ("punctuation", "ru", "Ausweis oder Pass", "Паспорт или удостоверение.",
     "Паспорт или удостоверение", "list item"),
    ("capitals", "tr", "Bitte kommen Sie pünktlich.", "lütfen zamanında gelin.",
     "Lütfen zamanında gelin.", ""),
    ("capitals", "ru", "Bitte kommen Sie pünktlich.", "пожалуйста, приходите вовремя.",
     "Пожалуйста, приходите вовремя.", ""),
    ("numbers", "tr", "Kinder zahlen nichts.", "10 yaşından küçük çocuklar ödemez.",
     "Çocuklar ücret ödemez.", ""),
    ("numbers", "fa", "Der Kurs dauert zwei Stunden.", "دوره دو ساعت و ۳۰ دقیقه طول می‌کشد.",
     "دوره ۲ ساعت طول می‌کشد.", ""),
    ("sentences", "ru", "Kommen Sie vorbei! Wir freuen uns auf Sie.", "Приходите!",
     "Приходите! Мы будем рады вас видеть.", ""),
    ("sentences", "ar", "Kommen Sie vorbei! Wir freuen uns auf Sie.", "تفضلوا بزيارتنا!",
     "تفضلوا بزيارتنا! يسعدنا استقبالكم.", ""),
    ("script", "fa", "Bitte bringen Sie Ihren Ausweis mit.",
     "لطفاً كارت شناسايي خود را بياوريد.", "لطفاً کارت شناسایی خود را بیاورید.", ""),
    ("script", "ar", "Im Jahr 2024 gab es 12 Kurse.", "في عام 2024 ، كانت هناك 12 دورة.",
     "في عام 2024، كانت هناك 12 دورة.", ""),
    ("script", "fa", "Fragen? Rufen Sie an.", "سؤالی دارید؟تماس بگیرید.",
     "سؤالی دارید؟ تماس بگیرید.", ""),
    ("compendium", "tr", "Der Bus fährt.", "#-#-#-#-#  a.po  #-#-#-#-#\nOtobüs kalkıyor.",
     "Otobüs kalkıyor.", ""),
    ("compendium", "ru", "Der Bus fährt.", "#-#-#-#-#  a.po  #-#-#-#-#\nАвтобус едет.",
     "Автобус едет.", ""),
    ("acronyms", "ar", "Die WSC hilft bei Anträgen.", "يساعد المركز في الطلبات.",
     "يساعد WSC في الطلبات.", ""),
    ("acronyms", "tr", "Die WSC hilft bei Anträgen.", "Merkez başvurularda yardım ediyor.",
     "WSC'ye başvurularda yardım ediyor.", ""),
    ("variables", "tr", "migo issue {issue}", "migo sayı {sayı}", "migo sayı {issue}", ""),
    ("variables", "ru", "migo issue {issue}", "migo, выпуск issue", "migo, выпуск {issue}", ""),
]


def codes(lang: str, source: str, target: str, kind: str = "") -> list[str]:
    return [code for _, code, _ in check_entry(Entry(source, target, lang, Glossary(), kind=kind))]


@pytest.mark.parametrize(("name", "lang", "source", "wrong", "right", "kind"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_each_check_fails_the_wrong_and_passes_the_right_translation(
        name, lang, source, wrong, right, kind):
    assert name in codes(lang, source, wrong, kind)
    assert codes(lang, source, right, kind) == []


def test_every_new_check_has_examples_in_two_languages():
    for name in ("brackets", "quotes", "whitespace", "punctuation", "capitals", "numbers",
                 "sentences", "script", "compendium", "acronyms", "variables"):
        assert len({c[1] for c in CASES if c[0] == name}) >= 2, name


@pytest.mark.parametrize(("lang", "source", "target"), [
    ("tr", "Das Café öffnet um 18:30 Uhr.", "Kafe saat 18.30'da açılıyor."),
    ("tr", "Geöffnet von 9 bis 17 Uhr.", "9.00–17.00 saatleri arasında açık."),
    ("ru", "Geöffnet von 9 bis 17 Uhr.", "Открыто с 9 до 17 часов."),
    ("ar", "Geöffnet von 9 bis 17 Uhr.", "مفتوح من ٩ حتى ١٧."),
    ("ar", "Geöffnet von 9 bis 17 Uhr.", "مفتوح من 9:00 حتى 17:00."),
    ("ru", "Der Eintritt kostet 5,50 €.", "Вход стоит 5 евро 50 центов."),
    ("fa", "Das Café öffnet um 18:30 Uhr.", "کافه ساعت ۱۸:۳۰ باز می‌شود."),
])
def test_times_and_money_written_the_natives_way_are_no_error(lang, source, target):
    found = check_entry(Entry(source, target, lang, Glossary()))
    assert [f for f in found if f[0] == check.ERROR] == [], found


@pytest.mark.parametrize(("lang", "source", "target"), [
    ("tr", "Das Café öffnet um 18:30 Uhr.", "Kafe saat 18.00'de açılıyor."),
    ("ru", "Geöffnet von 9 bis 17 Uhr.", "Открыто с 9 до 16 часов."),
    ("ar", "Geöffnet von 9 bis 17 Uhr.", "مفتوح من ٩ حتى ١٦."),
    ("ru", "Der Eintritt kostet 5,50 €.", "Вход стоит 5 евро 30 центов."),
])
def test_a_value_that_differs_is_still_an_error(lang, source, target):
    found = check_entry(Entry(source, target, lang, Glossary()))
    assert any(f[0] == check.ERROR for f in found), found


def test_only_critical_checks_give_errors():
    for name, registered in check.CHECKS.items():
        assert registered.category in (check.CRITICAL, check.FUNCTIONAL, check.COSMETIC), name
    assert check.severity_of(check.CRITICAL) == check.ERROR
    assert check.severity_of(check.COSMETIC) == check.severity_of(check.FUNCTIONAL) == "warning"


def test_only_and_exclude_choose_checks():
    assert check.chosen_checks(only=["tags", "quotes"]) == ["tags", "quotes"]
    assert "capitals" not in check.chosen_checks(exclude=["capitals"])
    with pytest.raises(check.InputError, match="unknown check 'nonsense'"):
        check.chosen_checks(only=["nonsense"])


def write_po(folder, lang: str, entries: list[tuple[str, str, bool]]):
    path = folder / lang / "LC_MESSAGES" / "2024-04.po"
    path.parent.mkdir(parents=True)
    body = "".join(f'\n{"#, fuzzy" + chr(10) if fuzzy else ""}msgid "{s}"\nmsgstr "{t}"\n'
                   for s, t, fuzzy in entries)
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n' + body, encoding="utf-8")
    return path


def test_migo_check_says_fuzzy_and_takes_only_exclude_and_toml_options(tmp_path, capsys,
                                                                       monkeypatch):
    locales = tmp_path / "locales"
    write_po(locales, "tr", [("Bitte kommen Sie pünktlich.", "lütfen zamanında gelin.", True),
                             ("Neue Kurse im Frühling", "Baharda yeni kurslar.", False)])
    (tmp_path / "glossary").mkdir()
    monkeypatch.chdir(tmp_path)
    args = ["check", "--locales", str(locales), "--glossary", str(tmp_path / "glossary")]
    assert main(args) == 0  # warnings only
    out = capsys.readouterr().out.splitlines()
    assert any("capitals" in line and line.endswith("(fuzzy entry)") for line in out)
    assert any("punctuation" in line and not line.endswith("(fuzzy entry)") for line in out)
    assert main([*args, "--only", "capitals"]) == 0
    assert {line.split(": ")[2] for line in capsys.readouterr().out.splitlines()} == {"capitals"}
    (tmp_path / "migo.toml").write_text('[check]\nexclude = ["capitals", "punctuation"]\n',
                                        encoding="utf-8")
    assert main(args) == 0
    assert capsys.readouterr().out == ""
    (tmp_path / "migo.toml").write_text("[check]\nlength_high = 0\n", encoding="utf-8")
    assert main(args) == 2
    assert "length_high" in capsys.readouterr().err


def test_migo_check_reads_the_interface_catalogs(tmp_path, capsys):
    locales = tmp_path / "locales"
    path = locales / "ru" / "LC_MESSAGES" / "migo-interface.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "migo issue {issue}"\nmsgstr "migo, выпуск issue"\n', encoding="utf-8")
    write_po(locales, "tr", [("Der Bus fährt.", "Otobüs kalkıyor.", False)])
    (tmp_path / "glossary").mkdir()
    assert main(["check", "--locales", str(locales), "--glossary",
                 str(tmp_path / "glossary")]) == 1
    out = capsys.readouterr().out
    assert "migo-interface.po:" in out and ": error: variables:" in out


def test_findings_are_grouped_by_entry():
    from pipeline.findings import by_entry

    found = [{"location": "a.po:3", "code": "x"}, {"location": "a.po:3", "code": "y"},
             {"location": "a.po:9", "code": "z"}]
    assert [(loc, [f["code"] for f in group]) for loc, group in by_entry(found)] == [
        ("a.po:3", ["x", "y"]), ("a.po:9", ["z"])]


def test_the_help_lists_every_check_with_its_category():
    from pipeline.cli import CHECK_CATEGORIES

    assert CHECK_CATEGORIES == tuple((n, r.category) for n, r in check.CHECKS.items())
