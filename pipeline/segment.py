"""Cut German text into sentences: the unit every later stage translates and reviews.

One wrong split hands the engine half a sentence and the reviewer a fragment, so this
module is a small tokenizer of our own (plain ``re``, no spaCy: ``migo segment`` starts
in well under a second) and sentence rules tuned on association and city-office news:
abbreviations (``z. B.``, ``e.V.``, ``Art. 3 Abs. 2``), ordinals and dates (``am 3.
Oktober``, ``19.04.``), German numbers (``8.000.`` may end a sentence), quotes, brackets,
web addresses, gender-inclusive forms and text without final punctuation; also the
phenomena of other segmenters' test suites (issue 17): ordinal pairs and ranges (``im 19.
und 20. Jahrhundert``, ``5.–7. Klasse``), Roman numerals (``Ludwig XIV. ließ``),
enumerated lines (``• 2. Kommen Sie``), ``(!)`` and ``(???)`` inside a sentence, emoji and
footnote marks after an end mark (``Danke! 🎉``, ``bestätigt.¹``), abbreviated months
(``3. Feb. 2025``) and hard-wrapped lines. ``benchmarks/README.md`` lists the decisions
these rules make.

The tokenizer cuts what the rules need to see apart: opening and closing punctuation
off a word, end marks off a word unless the stop belongs to it (``GmbH.``, ``8.000.``,
an abbreviation of our lists), while web addresses, gender forms and numbers stay whole.
Only a few tokens can end a sentence (those ending in ``.``, ``!``, ``?``, ``…`` and
line breaks), so the rules look only at those and decide from the word before and the
word after. Segmentation never changes the text: it returns character offsets.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from .model import INLINE_TAG, Block, InlineTag, Issue, Segment, join_lines
from .text import tags_balanced

# --- word lists -------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, so that it reads like the words it holds."""
    return frozenset(text.split())


#: Abbreviations that never end a sentence: what follows is part of the same sentence,
#: even a capitalised article ("wie z. B. Der Paritätische"). Written without spaces.
NEVER_END = _words(
    """z.B. d.h. i.d.R. v.l. v.r. v.l.n.r. z.T. z.Zt. u.U. m.E. o.g. i.A. i.V. z.Hd. a.M.
    i.e. i.V.m. bzw. ca. vgl. med. rer. nat. phil. jur. dent. vet. oec. pol. h.c.
    habil. Nr. Nrn. Tel. Fax. Art. Abs. Ziff. Dr. Prof. Dipl. Dipl.-Ing.
    Dipl.-Kfm. Dipl.-Päd. Ing. Hr. Hrn. Mag. ggf. evtl. inkl. exkl. ggü. lt. gem. geb.
    ehem. sog. zzgl. max. min. Bd. Kap. Abb. Tab. Anm. Str.-Nr. St. Pfr. Hl. Mr. Mrs.
    Ms. Abt. Zi. bspw. insb. bzgl. Bsp. Hrsg. Anm. Jg. Jh. usf. zzt. urspr. vorm.
    nachm. Fam. zw. Tsd.-Euro"""
)

#: Abbreviations that may end a sentence ("… Tanz usw. Am Abend …"): they end one only
#: when a word that typically opens a sentence follows.
CAN_END = _words(
    """u.a. e.V. s.o. s.u. u.ä. o.ä. u.v.m. u.s.w. a.D. Chr. Jh. Jhd. Mio.
    Mrd. Tsd. Std. Min. Sek. Hbf. Str. Pl. Jan. Feb. Mär. Apr. Jun. Jul. Aug. Sep.
    Sept. Okt. Nov. Dez. Mo. Di. Mi. Do. Fr. Sa. So. Frl. Fa. Co. Mwst. MwSt. f. ff.
    abzgl. allg. betr. biol. dgl. ebd. eigtl. engl. erm. ev. frz. gegr. ggfs. hrsg. incl.
    jun. kath. lat. mind. mtl. o.a. orig. pers. röm. sen. std. tägl. uvm. v.a. vllt. vlt.
    wiss."""
)

#: Abbreviations that close an enumeration; a capitalised word after them starts a
#: new sentence ("… Tanz usw. Höhepunkt war …").
LIST_END = _words("usw. u.s.w. etc. u.v.m.")

#: Capitalised words that open German sentences but hardly ever stand capitalised
#: inside one: articles, pronouns, prepositions, conjunctions, sentence adverbs.
STARTERS = _words(
    """Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Er Es Sie Wir Ich Ihr
    Man Dies Diese Dieser Dieses Diesen Dort Da Dann Danach Daher Damit Dabei Dazu
    Deshalb Doch Denn Aber Und Oder Auch Außerdem Zudem Bitte Am Im In Um Zum Zur Vom
    Von Mit Bei Beim Nach Vor Seit Ab Für Auf Aus An Bis Durch Gegen Ohne Unter Über
    Wer Was Wie Wo Wann Warum Weitere Alle Viele Jeder Jede Jedes Heute Gestern Hier
    Jetzt Nun Anschließend Zunächst Somit Also Trotzdem Leider Insgesamt Seine
    Ihre Unser Unsere Unseren So Nur Noch Schon Erst Wenn Als Ob Weil Dass Falls Kein
    Keine Alles Mehr Neu Neben Zusätzlich Gleichzeitig Später Vorher Dafür Dagegen
    Hierzu Hierfür Deswegen Dadurch Mittlerweile Inzwischen Ebenso Sowohl Weder
    Entweder Zwar Ihnen Uns Euch Unserer Willkommen Herzlich Vielen Danke"""
)

#: Words before a number that make it an ordinal ("am 3.", "den 2. Platz", "jeder 2.").
ORDINAL_CUES = _words(
    """der die das den dem des am im vom zum zur beim ab bis seit jeder jede jedes
    jeden jedem ein eine einen einem einer ihr ihre ihren ihrem sein seine seinen
    seinem unser unsere unseren unserem an in ins dieser dieses diesen diesem"""
)

#: Words after which an ordinal may follow in a pair or range: "im 19. und 20.
#: Jahrhundert", "das 13. bis zum 14.", "im 18. und frühen 19.".
ORDINAL_LINKS = r"(?:und|oder|bis|sowie|bzw\.|[-–—/,])"

#: Words that cannot end a line of layout (a heading, an address): a line ending in one
#: of them was wrapped inside a sentence ("… fördert den Umbau des⏎Vereinsheims").
CONTINUES_LINE = _words(
    """der die das den dem des ein eine einen einem einer eines und oder sowie aber sondern
    denn als wie mit von vom zu zum zur für auf aus an am im in ins bei beim nach vor
    über unter um durch gegen ohne seit bis ab dass ob wenn weil sich jeden jede jeder
    jedes andere anderen einige viele alle mehr ihre ihren seine seinen unsere unseren
    sehr auch noch nicht nur dieser diese dieses diesen während"""
)

#: Names written lower-case even at the start of a sentence: the magazine's own name.
#: A capitalised word after a full stop is evidence of a new sentence; for these names
#: their lower-case form is. The flow may pass the glossary's names instead.
LOWER_CASE_NAMES = _words("migo")

MONTHS = _words(
    """Januar Jänner Februar März April Mai Juni Juli August September Oktober November
    Dezember Jan. Feb. Mär. Apr. Jun. Jul. Aug. Sep. Sept. Okt. Nov. Dez."""
)

#: Words the tokenizer keeps whole, their full stops included.
_ABBREVIATIONS = NEVER_END | CAN_END | LIST_END | MONTHS

#: A full stop before a lower-case word ends a sentence only after a word this long.
MIN_WORD_BEFORE_LOWER = 5

#: Lines up to this long, broken without final punctuation, are layout, not prose.
MAX_LAYOUT_LINE = 60

#: Glued marks read after or around an end mark, at most. Every mark of a run is a
#: candidate, so reading a run of thousands ("!!!!…") to its end from each one took
#: quadratic time (10,000 "!" took 20 s); no sentence end hides that deep in a run.
MAX_MARK_RUN = 64

END_MARKS = ".!?…"
CLOSERS = frozenset("\"'“”»«’‘)]}")
OPENERS = frozenset("\"'„“‚»«([{")
CONTINUERS = frozenset(",;:)]}-–—/&")

# --- patterns ---------------------------------------------------------------------------

#: The stretch of text that ends at a full stop, with spaced parts ("i. d. R.").
_WORD_BEFORE_STOP = re.compile(r"(?:(?<![^\s(\[„\"'/])[A-Za-zÄÖÜäöüß]{1,3}\. )*\S*\.$")
_LEADING_PUNCT = re.compile(r"^[(\[{„\"'‚»«/]+")
_PARTIAL_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.")
_SMALL_INT = re.compile(r"(?:\d{1,3}\.\s*[-–—/]\s*)?[-–—]?\d{1,3}\.")
_ROMAN = re.compile(r"[IVXLC]{2,7}\.|[IVX]\.")
_PRIOR_ORDINAL = re.compile(
    rf"\d{{1,3}}\.\s*{ORDINAL_LINKS}?\s*(?:[a-zäöüß]+\s+)?[-–—]?$"
)
_ENUMERATOR_LINE_START = re.compile(r"(?:^|\n)[ \t]*[-*•–·▪►]?[ \t]*$")
_SPACED_ABBREVIATION = re.compile(r"(?:[a-zäöü]{1,2}\.){2,4}|(?:[a-zäöü]\.){2}[A-ZÄÖÜ]\.")
_LIST_MARKER = re.compile(r"(?:[-*•–·▪►]\s|\d{1,2}[.)]\s|\s)")
_SUPERSCRIPT_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
#: Footnote marks the tokenizer cuts off a word: "bestätigt.¹", "erfolgen.[6]".
_FOOTNOTE = re.compile(rf"[{_SUPERSCRIPT_DIGITS}]+|\[\d{{1,3}}\]")
_GENDER_FORM = re.compile(r"[A-Za-zÄÖÜäöüß]+[*:_/]in(?:nen)?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_NEWLINE_RUN = re.compile(r"\s*\n\s*")
#: Characters that make a token worth inspecting: end marks and line breaks.
_CANDIDATE = re.compile(r"[.!?…\n]")


# --- the tokenizer ----------------------------------------------------------------------
#
# The rules read a token's text, where it starts, whether a space follows and its
# neighbours, so the tokenizer only has to cut where that matters: whitespace apart
# from words (a run of it, line breaks included, is one token), opening punctuation off
# the front of a word, closing punctuation, end marks and footnote marks off its end,
# and marks between two words glued together ("Ende!Der"). A full stop stays on its word
# where it may belong to it: after a digit ("8.000.", "am 3."), after one capital
# ("GmbH.", "S.") and on the abbreviations of our lists; that is the ``attached`` that
# ``_kind_of`` reads. Web addresses, gender forms and numbers stay whole.

#: Marks cut off either end of a word.
_PUNCT = "…,:;!?¿¡()[]{}<>_#*&·"
_QUOTES = "'\"”“`‘´’‚„»«"
#: Signs cut off only the front of a word: "§ 44" written "§44", "–Fr" after "Mo.".
_OPENING_SIGNS = "§%=—–$£€¥"
#: A full stop after one of these is a mark of its own ("50 %.", "(vgl. oben).").
_STOP_AFTER = "%²-+" + _PUNCT + _QUOTES
#: Longer than any word the tokenizer keeps whole (abbreviations, gender forms).
_LONGEST_WHOLE = 64
#: Web and mail addresses: a "/", "?" or "." inside them is no mark of their own.
_WEB_ADDRESS = re.compile(
    r"\S*(?:://|www\.)\S*"  # with a scheme or "www."
    r"|[^\s@]+@[\w-]+(?:\.[\w-]+)+"  # a mail address
    r"|(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?"  # a bare domain: "essen.de/wsc"
)
#: Marks inside a word that are tokens of their own; last, symbols and emoji (arrows,
#: "⏎", "©", "°", pictographs).
_INFIX = re.compile(  # one group: re.split keeps the marks
    r"(\.{2,}|…"  # ellipses: "warte…Und"
    r"|(?<=[a-zß-öø-ÿ])\.(?=[A-ZÀ-ÖØ-Þ])"  # a stop glued to the next sentence: "Satz.Der"
    rf"|(?<=[^\W\d_{_SUPERSCRIPT_DIGITS}])(?:[,!?:<>=\"”“`‘´’‚„»«()\[\]]|--)"
    rf"(?=[^\W\d_{_SUPERSCRIPT_DIGITS}])"  # between letters: "Ende!Der"
    r"|(?<=[^\W_])/(?=[^\W_])"  # "Bus/Bahn", "24/7"
    r"|(?<=\d)-(?=\d)"  # "9-13"
    r"|[©®°\u2195-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff])"
)
_NON_SPACE = re.compile(r"\S+")


class Token(NamedTuple):
    """A word, a mark or a run of whitespace, where it starts in the text, and whether
    one space follows it (that space belongs to no token, as in the text it came from)."""

    text: str
    idx: int
    space_after: bool

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; joined with their single spaces they are the text again.

    Runs of non-space characters are found with one regular expression; most are plain
    words and numbers, which are tokens as they stand; the others are cut by
    :func:`_pieces`. Whitespace between them is a token unless it is one space.
    """
    tokens: list[Token] = []
    end = 0
    for run in _NON_SPACE.finditer(text):
        start = run.start()
        if start != end and (start - end > 1 or not end or text[end] != " "):
            _add_space(tokens, text, end, start)  # more than the one space after a word
        word = run.group()
        end = run.end()
        space_after = text.startswith(" ", end)
        if word.isalpha() or word.isdecimal():  # not isalnum: "Satz¹" has a mark
            tokens.append(Token(word, start, space_after))
            continue
        *pieces, last = _pieces(word)
        for piece in pieces:
            tokens.append(Token(piece, start, False))
            start += len(piece)
        tokens.append(Token(last, start, space_after))
    if end != len(text):
        _add_space(tokens, text, end, len(text))
    return tokens


def _add_space(tokens: list[Token], text: str, start: int, end: int) -> None:
    """The whitespace between two words (or at an end of the text) as a token, but
    for the one space after a word that belongs to the word (``space_after``)."""
    if start and text[start] == " ":
        start += 1
    if start != end:
        tokens.append(Token(text[start:end], start, False))


@lru_cache(maxsize=1 << 16)
def _pieces(word: str) -> tuple[str, ...]:
    """The tokens of one run of non-space characters: marks off the front, marks off
    the end, then the rest, cut at marks inside it unless it is to stay whole.
    Cached: the same words come back in every paragraph. The rest is tracked by
    offsets, not copied, so that a run of thousands of marks is cut in linear time."""
    front: list[str] = []
    back: list[str] = []
    start, stop = 0, len(word)
    while start < stop and not _kept_whole(word, start, stop):
        if size := _prefix_length(word, start, stop):
            front.append(word[start : start + size])
            start += size
        elif size := _suffix_length(word, start, stop):
            back.append(word[stop - size : stop])
            stop -= size
        else:
            break
    rest = word[start:stop]
    if rest and (_kept_whole(word, start, stop) or _WEB_ADDRESS.fullmatch(rest)):
        front.append(rest)
    elif rest:
        front.extend(piece for piece in _INFIX.split(rest) if piece)
    return (*front, *reversed(back))


def _kept_whole(word: str, start: int, stop: int) -> bool:
    """``word[start:stop]`` is an abbreviation of our lists ("z.B.", "Nr.") or a gender
    form ("Partner:innen"); both are short, so a long stretch is not even copied."""
    if stop - start > _LONGEST_WHOLE:
        return False
    part = word[start:stop]
    return part in _ABBREVIATIONS or bool(_GENDER_FORM.fullmatch(part))


def _prefix_length(word: str, start: int, stop: int) -> int:
    """Length of the mark at the front of ``word[start:stop]`` (0: none): a quote, a
    bracket, a sign, an ellipsis, a footnote mark, a symbol."""
    if word.startswith("..", start, stop):
        end = start
        while end < stop and word[end] == ".":
            end += 1
        return end - start
    if footnote := _FOOTNOTE.match(word, start, stop):
        return footnote.end() - start  # "„…“[7]": the mark stays whole
    first = word[start]
    if first in _PUNCT or first in _QUOTES or first in _OPENING_SIGNS or _is_icon(first):
        return 1
    return 1 if first == "+" and not word[start + 1 : stop][:1].isdigit() else 0


def _suffix_length(word: str, start: int, stop: int) -> int:
    """Length of the mark at the end of ``word[start:stop]`` (0: none): an ellipsis, a
    footnote mark, a closing quote or bracket, an end mark, a full stop that closes
    the word."""
    if word.endswith("..", start, stop):
        return _run_at_end(word, start, stop, ".")
    last = word[stop - 1]
    if last in _SUPERSCRIPT_DIGITS:
        return _run_at_end(word, start, stop, _SUPERSCRIPT_DIGITS)
    for size in (3, 4, 5):  # "[2]" to "[123]"
        if last == "]" and stop - size >= start and _FOOTNOTE.fullmatch(word, stop - size, stop):
            return size
    if word.endswith("''", start, stop):
        return 2
    if last in _PUNCT or last in _QUOTES or last == "/" or _is_icon(last):
        return 1
    if last == "." and stop - start > 1:
        return int(_stop_is_a_mark(word, start, stop - 1))
    return 0


def _run_at_end(word: str, start: int, stop: int, chars: str) -> int:
    """Length of the run of ``chars`` that ends ``word[start:stop]``."""
    begin = stop
    while begin > start and word[begin - 1] in chars:
        begin -= 1
    return stop - begin


def _stop_is_a_mark(word: str, start: int, stop: int) -> bool:
    """Whether a full stop after ``word[start:stop]`` is a token of its own: after a
    lower-case letter, two capitals ("WSC."), a sign or a mark. It stays on the word
    after a digit ("8.000.", "am 3."), one capital ("GmbH.") and a lone letter ("z. B.",
    "S. 12")."""
    before = word[stop - 1]
    if not before.isalpha():
        return before in _STOP_AFTER
    if stop - start == 1:
        return False
    return not before.isupper() or word[stop - 2].isupper()


def _is_icon(char: str) -> bool:
    """A symbol such as an emoji, "©" or "°": a token of its own at a word's edge."""
    return unicodedata.category(char) == "So"


# --- the sentence rules -----------------------------------------------------------------


def sentence_starts(text: str, names: frozenset[str]) -> list[int]:
    """Character offsets where the sentences of ``text`` start, 0 first (none for an
    empty text). ``names`` are lower-case names that may open a sentence ("migo").

    Only tokens that can end a sentence (an end mark, a line break) are inspected,
    found with a regular expression on the text; every rule reads a candidate, the
    word before it and the word after it.
    """
    tokens = tokenize(text)
    if not tokens:
        return []
    token_starts = [token.idx for token in tokens]
    starts = {0}
    wrapped = False  # the last line break joined two lines of one sentence
    seen = -1
    for match in _CANDIDATE.finditer(text):
        i = bisect_right(token_starts, match.start()) - 1
        if match.group() == "\n":  # always inside a space token
            if i == seen:
                continue
            seen = i
            start = _after_line_break(tokens, text, i, names, wrapped)
            wrapped = start is None and i > 0 and tokens[i - 1].text[-1] not in END_MARKS
        elif _ends_token(text, token_starts, i, match.end()):
            start = _next_start(tokens, text, i, names)
        else:
            continue  # a stop inside a word: "z.B.", "www.essen.de", "8.000"
        if start is not None:
            starts.add(start)
    return sorted(token_starts[i] for i in starts)


def _ends_token(text: str, token_starts: list[int], i: int, end: int) -> bool:
    """Whether the character before ``end`` is the last one of token ``i``."""
    if end == len(text) or text[end].isspace():
        return True
    return i + 1 < len(token_starts) and token_starts[i + 1] == end


def _next_start(tokens: list[Token], text: str, i: int, names: frozenset[str]) -> int | None:
    """Index of the token that opens a new sentence after token ``i``, if one does."""
    n = len(tokens)
    token = tokens[i]
    end = i + 1
    while (end < n and end - i <= MAX_MARK_RUN and not tokens[end - 1].space_after
           and _closes(tokens[end].text)):
        end += 1
    if _in_parentheses(text, token):
        return None  # "Der Termin(!) wurde …", "ein(???) Satz": a comment, no end
    nxt = end
    while nxt < n and (tokens[nxt].is_space or _is_symbol(tokens[nxt].text)):
        nxt += 1  # "Danke! 🎉 Bis bald.": the emoji belongs to the sentence it closes
    if nxt >= n or nxt == i + 1 and not token.space_after and token.text[-1] == ".":
        return None  # end of text, or a full stop glued to the next word ("Mo.–Fr")
    if _ends_sentence(tokens, text, i, tokens[nxt], tokens[nxt].text in names):
        return nxt
    return None


def _closes(text: str) -> bool:
    """A closing quote or bracket, more end marks ("?!") or a footnote mark ("¹",
    "[2]"), glued to an end mark: all of them stay with the sentence they close."""
    return text in CLOSERS or not text.strip(END_MARKS) or bool(_FOOTNOTE.fullmatch(text))


def _in_parentheses(text: str, token: Token) -> bool:
    """End marks alone in brackets, glued to them ("(!)", "(???)"), comment on a
    word; they do not end the sentence. Read on the text: cheaper than tokens."""
    first, last = token.idx, token.idx + len(token.text)
    floor, ceiling = max(0, first - MAX_MARK_RUN), min(len(text), last + MAX_MARK_RUN)
    while first > floor and text[first - 1] in END_MARKS:
        first -= 1
    while last < ceiling and text[last] in END_MARKS:
        last += 1
    return first > 0 and text[first - 1] == "(" and text[last : last + 1] == ")"


def _is_symbol(text: str) -> bool:
    """An emoji or pictograph (with its joiners and variation selectors)."""
    return all(
        c in "\u200d\ufe0f" or unicodedata.category(c) in ("So", "Sk") and ord(c) >= 0x2190
        for c in text
    )


def _after_line_break(
    tokens: list[Token], text: str, i: int, names: frozenset[str], wrapped: bool
) -> int | None:
    """Whether a line break ends a sentence: always after a blank line, before a list
    item and after a line ending in ':'; never where a sentence visibly goes on
    (lower-case next line, a line ending in "der", "und", a comma); else after a line
    of layout (a heading, an address line), not after prose wrapped by hand."""
    nxt = i + 1
    if nxt >= len(tokens) or i == 0:
        return None
    prev, following = tokens[i - 1], tokens[nxt].text
    rest = tokens[i].text.split("\n")[-1] + text[tokens[nxt].idx : tokens[nxt].idx + 3]
    if tokens[i].text.count("\n") > 1 or prev.text.endswith(":") or _LIST_MARKER.match(rest):
        return nxt
    if following[0].islower() and following not in names or _continues(prev):
        return None
    if prev.text[-1] in END_MARKS:
        return nxt if _line_length(text, prev) <= MAX_LAYOUT_LINE else None
    return None if wrapped or _is_prose_line(text, prev) else nxt


def _continues(prev: Token) -> bool:
    """The line ends where no sentence ends: a comma, a hyphen, an article."""
    return prev.text[-1] in ",;-–" or prev.text.lower() in CONTINUES_LINE


def _line_length(text: str, prev: Token) -> int:
    """Length of the line that ends with token ``prev``."""
    return prev.idx + len(prev.text) - (text.rfind("\n", 0, prev.idx) + 1)


def _is_prose_line(text: str, prev: Token) -> bool:
    """A line that reads as a sentence cut by a hard wrap: long, or with several
    lower-case words, and not ending in a capitalised word (a heading, a name)."""
    line = text[text.rfind("\n", 0, prev.idx) + 1 : prev.idx + len(prev.text)]
    lower_words = sum(1 for word in line.split() if word[0].islower())
    long = len(line) > MAX_LAYOUT_LINE or lower_words >= 4
    return long and not prev.text[0].isupper()


def _ends_sentence(tokens: list[Token], text: str, i: int, nxt: Token, name: bool) -> bool:
    """Whether the end mark of token ``i`` ends a sentence, given the next word;
    ``name`` says that word is a name written lower-case, which counts as capitalised."""
    mark = tokens[i].text
    first = nxt.text[0]
    lower = first.islower() and not name
    if first in CONTINUERS and nxt.text not in ("-", "–", "—") or not nxt.text.strip(END_MARKS):
        return False
    if mark.endswith(("…", "...")):
        return _opens_sentence(nxt)
    if mark[-1] in "!?":
        return not lower
    return _full_stop_ends(tokens, text, i, nxt, lower)


def _opens_sentence(nxt: Token) -> bool:
    """Next word is one that opens German sentences (or a quote or bracket)."""
    return nxt.text in STARTERS or nxt.text[0] in OPENERS


def _full_stop_ends(tokens: list[Token], text: str, i: int, nxt: Token, lower: bool) -> bool:
    """Decide a full stop from the word it closes: abbreviation, date, ordinal, word."""
    end = tokens[i].idx + len(tokens[i].text)
    word = _word_before_stop(text, end)
    kind = _kind_of(word, attached=tokens[i].text != ".")
    if kind == "never":
        return False
    if kind == "can_end":
        return _opens_sentence(nxt)
    if kind == "month":
        # "seit Sept. 2020" goes on; "… ist der 15. Nov. Spätere …" ends
        return not lower and not nxt.text[0].isdigit()
    if kind == "roman":
        # "Ludwig XIV. ließ", "des III. Geschwaders" go on; "Papst Johannes XXIII. Er
        # lud …" ends: after a Roman numeral only a typical sentence opener ends.
        return _opens_sentence(nxt)
    if kind == "ordinal":
        return _ordinal_ends(text, end - len(word), nxt, lower)
    if lower:
        # "… unserer Zeit. migo erscheint …" ends; an abbreviation we do not know
        # ("Anm. d. Red.") is short: a short word before a lower-case one does not end.
        return len(word) > MIN_WORD_BEFORE_LOWER
    return True


def _word_before_stop(text: str, end: int) -> str:
    """The abbreviation or word that a full stop at ``end - 1`` closes, without
    spaces ("i.d.R.") or opening punctuation."""
    window = text[max(0, end - 24) : end]
    last = _LEADING_PUNCT.sub("", window.split()[-1]) if window.strip() else ""
    if _SMALL_INT.fullmatch(last):
        return last  # a number is its own word: "19. bzw. 20." is no "bzw.20."
    match = _WORD_BEFORE_STOP.search(window)
    word = match.group(0) if match else window.split()[-1]
    return _LEADING_PUNCT.sub("", word.replace(" ", ""))


def _kind_of(word: str, attached: bool) -> str:
    """Classify the word before a full stop: never, can_end, list_end, ordinal, word.

    ``attached`` says the tokenizer kept the stop on the word, which it does for the
    abbreviations of our lists, after a digit and after one capital ("GmbH.",
    "AufenthG.").
    """
    for part in _suffixes(word):
        part = part if part in NEVER_END or part in CAN_END else part[0].lower() + part[1:]
        if part in NEVER_END:
            return "never"
        if part in LIST_END:
            return "word"  # "Tanz usw. Höhepunkt war …": a list ends, so does the sentence
        if part in CAN_END:
            return "month" if part in MONTHS else "can_end"
    if _ROMAN.fullmatch(word):
        return "roman"
    if len(word) == 2 and word[0].isalpha():
        return "never"  # an initial or a lone letter: "S. 12", "A. Müller"
    if word.lower().endswith("str.") or _SPACED_ABBREVIATION.fullmatch(word):
        return "can_end"
    if _PARTIAL_DATE.fullmatch(word):
        return "can_end"
    if _SMALL_INT.fullmatch(word):
        return "ordinal"
    if attached and word[:-1].islower() and len(word) <= 6:
        # a short lower-case word that kept its stop: one of our abbreviations behind
        # a mark ("‘ff.") or a letter (",z. B.")
        return "can_end"
    return "word"


def _suffixes(word: str) -> Iterator[str]:
    """The word and its tails after a stop or hyphen: "Vorgangs-Nr." → "Nr."; the
    caller also tries them with a lower-case first letter ("Gem. § 44" opens a sentence)."""
    yield word
    for i, char in enumerate(word[:-1]):
        if char in ".-–/":
            yield word[i + 1 :]


def _ordinal_ends(text: str, start: int, nxt: Token, lower: bool) -> bool:
    """A small number + full stop: an ordinal ("am 3. Oktober") or a sentence end."""
    if nxt.text in MONTHS or lower:
        return False
    window = text[max(0, start - 40) : start]
    if _ENUMERATOR_LINE_START.search(window):
        return False  # an enumerator opening a line: "1. Deutschkurs", "• 2. Kommen Sie"
    if _opens_sentence(nxt):
        return True
    if _PRIOR_ORDINAL.search(window):
        return False  # the second of a pair or range: "im 19. und 20. Jahrhundert"
    words = window.split()
    return not words or words[-1].lower() not in ORDINAL_CUES


# --- the public interface ---------------------------------------------------------------


class Segmenter:
    """German sentence segmentation, knowing the lower-case names that may open a
    sentence. Cheap to build; the tokenizer's cache is shared by all segmenters."""

    def __init__(self, names: Iterable[str] = LOWER_CASE_NAMES) -> None:
        """``names``: names written lower-case that may open a sentence, such as the
        glossary's (:meth:`Glossary.lower_case_names`)."""
        self.names = frozenset(names)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character offsets of the sentences of ``text``, trimmed of whitespace."""
        return _trimmed_spans(text, sentence_starts(text, self.names))

    def spans_many(self, texts: Iterable[str]) -> Iterator[list[tuple[int, int]]]:
        """Offsets for many texts, in order."""
        for text in texts:
            yield self.spans(text)

    def split(self, text: str) -> list[str]:
        """The sentences of ``text`` as strings, in order."""
        return [text[a:b] for a, b in self.spans(text)]


def _trimmed_spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Sentence offsets from the sentence starts, without surrounding whitespace."""
    spans = []
    for start, end in pairwise([*cuts, len(text)]):
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            start += len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


# --- the document model -----------------------------------------------------------------


def segment_issue(issue: Issue, segmenter: Segmenter | None = None) -> None:
    """Fill ``block.segments`` for every block of every article of ``issue``."""
    segmenter = segmenter or Segmenter()
    blocks = [b for a in issue.articles for b in a.blocks]
    plain = [INLINE_TAG.sub("", b.text) for b in blocks]
    for block, text, spans in zip(blocks, plain, segmenter.spans_many(plain), strict=True):
        block.segments = _block_segments(block, text, spans)


def _block_segments(block: Block, plain: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Cut a block's tagged text where its plain text was cut, keeping tag pairs whole."""
    if not plain.strip():
        return []
    cuts = _balanced_cuts(block.text, _tagged_cuts(block.text, spans))
    pieces = [block.text[a:b].strip() for a, b in pairwise(cuts)]
    return [_numbered_segment(p, block) for p in pieces if p]


def _numbered_segment(text: str, block: Block) -> Segment:
    """A sentence whose tags count from 1, as XLIFF numbers them per segment.

    Numbered per block, the same sentence would read ``<em2>migo</em2> soll …`` in one
    paragraph and ``<em1>migo</em1> soll …`` in the next: two msgids, and the
    translation memory would miss the repeat.
    """
    renamed: dict[str, str] = {}
    tags: dict[str, InlineTag] = {}

    def rename(match: re.Match[str]) -> str:
        old = match.group(1) + match.group(2)
        if old not in renamed:
            renamed[old] = f"{match.group(1)}{len(renamed) + 1}"
            source = block.tags.get(old)
            if source is not None:
                tags[renamed[old]] = InlineTag(renamed[old], source.element, source.attrs)
        slash = "/" if match.group(0).startswith("</") else ""
        return f"<{slash}{renamed[old]}>"

    return Segment(text=INLINE_TAG.sub(rename, text), line=block.line, tags=tags)


def _plain_to_tagged(tagged: str) -> list[int]:
    """For each character of the plain text (and its end), its offset in ``tagged``."""
    offsets: list[int] = []
    pos = 0
    for match in INLINE_TAG.finditer(tagged):
        offsets.extend(range(pos, match.start()))
        pos = match.end()
    offsets.extend(range(pos, len(tagged) + 1))
    return offsets


def _tagged_cuts(tagged: str, spans: list[tuple[int, int]]) -> list[int]:
    """Cut points in the tagged text: closing tags stay with the sentence before,
    opening tags go with the sentence after."""
    where = _plain_to_tagged(tagged)
    cuts = [0]
    for (_, prev_end), (start, _) in pairwise(spans):
        gap_start, gap_end = where[prev_end - 1] + 1, where[start]
        opening = re.search(r"<[a-z]+\d+>", tagged[gap_start:gap_end])
        cuts.append(gap_start + opening.start() if opening else gap_end)
    cuts.append(len(tagged))
    return cuts


def _balanced_cuts(tagged: str, cuts: list[int]) -> list[int]:
    """Drop every cut that would separate an opening tag from its closing tag, which
    merges the sentences on both sides."""
    kept = [cuts[0]]
    for cut in cuts[1:-1]:
        if tags_balanced(tagged[kept[-1] : cut]):
            kept.append(cut)
    kept.append(cuts[-1])
    return kept


# --- the ``migo segment`` contract ------------------------------------------------------


def format_segmented(text: str, segmenter: Segmenter) -> str:
    """One sentence per line, an empty line between paragraphs (blank-line separated).

    The lines of a paragraph are joined exactly as the ``.txt`` reader joins them
    (:func:`join_lines`), so ``migo segment`` shows the sentences a run translates.
    """
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    paragraphs = [join_lines(p.splitlines()) for p in paragraphs]
    out = []
    for spans, paragraph in zip(segmenter.spans_many(paragraphs), paragraphs, strict=True):
        out.append("\n".join(_NEWLINE_RUN.sub(" ", paragraph[a:b]) for a, b in spans))
    return "\n\n".join(out) + "\n" if out else ""
