"""Which words a unit has: whether it states anything at all, its content words, and
whether two units share more than their story's setting (the story's own words and
words of time), the test that keeps two long units about one subject from being a fact."""

from __future__ import annotations

import re
from functools import lru_cache

from storydiff.relate.lexicon import MONTHS, WEEKDAYS
from storydiff.text.scripts import UNSPACED_RUN
from storydiff.text.words import LETTERS, WORD_OR_NUMBER

# Function words and verbs of saying in English, Ukrainian and Russian: they carry no
# content, so neither content words (``content_tokens``) nor names (``name_runs``) use them.
STOP = frozenset(
    """a an the of to in on at for and or but with by from as is are was were be been has have
    had it its this that these those he she they his her their which who whom what when where
    than then there here also not no so such into over about after before more most some any
    will would could should may might can said says say told according reportedly
    і й та в у на з із до від що як це не але про для за по его її їх він вона вони
    и в во на с со к от что как это не но о об для за по он она они его ее их был
    была были""".split()
)
# The languages whose function words ``STOP`` and ``AUXILIARIES`` list. Elsewhere a word
# two units share may be an article or an auxiliary ("both about Il, au, dans, que",
# "edecek"), and across two languages a 5-letter stem may be two words ("general" and
# "generará"): no word there is known to name a subject.
STOP_LANGUAGES = frozenset({"en", "uk", "ru"})
# Fewer words than this is a fragment (a byline, a counter), not a statement.
MIN_WORDS = 3
# Content words a sentence cut off with an ellipsis needs to still say something.
_CUT_OFF_WORDS = 4
# Words of a dateline or timestamp ("Updated 4/9/2007 6:04 PM", "on April 30, 2008 at
# 4:31 AM"): a line made of them and numbers says when a page changed, not what happened,
# and two such lines differ without the outlets disagreeing about anything.
_DATELINE_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        """am pm a.m p.m gmt utc est edt cet updated update posted published modified last
        on at by of in оновлено оновлено опубліковано обновлено опубликовано о об""".split()
    )
    # The month names and date particles of the Western European languages whose dates
    # are not otherwise read: "27 de marzo del 2008" is the date line of a Spanish
    # translation whose English one, "March 27, 2008", states nothing either.
    | frozenset(
        """enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
        noviembre diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre
        dicembre janvier février fevrier mars avril mai juin juillet août aout septembre
        octobre novembre décembre decembre januar februar märz maerz juni juli oktober
        dezember januari februari maart mei augustus oktober janeiro fevereiro março
        marco maio junho julho setembro outubro dezembro de del di van""".split()
    )
)


# One e-mail address, web address or handle and nothing else, as a byline or a credit
# line gives it: its pieces count as words, but it states nothing.
_ADDRESS = re.compile(r"[(<\[]?\S*(?:@|://|www\.)\S*")


# A sentence of a script without spaces (``text.scripts.UNSPACED_RUN``) is one run of
# letters, so its words cannot be counted by spaces; this many of its letters make a
# statement (a short Chinese headline has about ten).
_UNSPACED_LETTERS = 6


# The credit line of an embedded post ("pic.twitter.com/BMOueCCGnM — ANI (@ANI) March 12,
# 2020"): what it carries is the post's text before it, if any.
_EMBED_CREDIT = re.compile(
    r"(?:\s*\S*pic\.twitter\.com/\S*)?\s*[—–-]\s*[^—–]{0,60}\(@\w+\)\s*\w+\.? \d{1,2}, \d{4}\s*$"
)
# A dateline on a line of its own: a place in capitals, a date, a dash and an agency
# ("БРЮССЕЛЬ, 18 июл – РИА Новости.", "MOSCOW, March 3 (Reuters) -").
_DATELINE = re.compile(
    r"[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ.' -]{2,},[^!?,]{1,30}\d[^.!?–—-]{0,30}[–—-]"
    r"(?:\s*\(?[A-ZА-ЯЁІЇЄҐ][\w.'’-]*\)?){0,3}\s*\.?"
)


def states_something(text: str) -> bool:
    """Whether a unit can state a fact: at least ``MIN_WORDS`` words and numbers (or
    ``_UNSPACED_LETTERS`` letters of a script without spaces), two of
    them words that are not a dateline's (a byline, a counter or a timestamp is not a
    statement to align), not all in capitals (a section heading, "DEVELOPMENTS IN
    UKRAINE", names a topic), not an address alone (an e-mail or a link), and not the
    first few words of a sentence cut off with an ellipsis (an excerpt's end: "With a
    U.S. envoy...")."""
    text = _EMBED_CREDIT.sub("", text)
    if _ADDRESS.fullmatch(text.strip()):
        return False  # a byline's e-mail or a link: "BKaufmann@postmedia.com" is three words
    if _DATELINE.fullmatch(text.strip()):
        return False  # "БРЮССЕЛЬ, 18 июл – РИА Новости.": where, when and who, no claim
    if sum(len(run) for run in UNSPACED_RUN.findall(text)) >= _UNSPACED_LETTERS:
        return True  # Chinese, Japanese or Thai: one run of letters holds many words
    if len(WORD_OR_NUMBER.findall(text)) < MIN_WORDS or text.isupper():
        return False
    if (
        text.rstrip().endswith(("...", "…"))
        and len(content_tokens(text) - TIME_WORDS) < _CUT_OFF_WORDS
    ):
        return False  # the start of a sentence cut off ("With a U.S. envoy...")
    words = [w for w in LETTERS.findall(text.lower()) if w not in _DATELINE_WORDS]
    return len(words) >= 2


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased content words cut to a 5-letter stem, which merges most inflections
    of English, Ukrainian and Russian words without a lemmatiser."""
    return frozenset(
        w.lower()[:5] for w in WORD_OR_NUMBER.findall(text) if w.lower() not in STOP and len(w) > 1
    )


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def content_forms(text: str) -> dict[str, frozenset[str]]:
    """The lower-cased words behind each stem of ``content_tokens`` (not to be changed)."""
    forms: dict[str, set[str]] = {}
    for w in WORD_OR_NUMBER.findall(text):
        low = w.lower()
        if low not in STOP and len(w) > 1:
            forms.setdefault(low[:5], set()).add(low)
    return {stem: frozenset(words) for stem, words in forms.items()}


# Words this long or longer that still differ in their first ``_ROOT`` letters share a
# 5-letter stem by accident: "military" and "militant", "commission" and "committee",
# "government" and "governor". Inflections differ later ("investigation(s)", "України",
# "Україною") or in a shorter word.
_LONG_WORD = 8
_ROOT = 7


def same_word(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of words under one stem hold a word in common, up to inflection."""
    return any(x[:_ROOT] == y[:_ROOT] or min(len(x), len(y)) < _LONG_WORD for x in a for y in b)


# Content words each of two long units needs before "they share only the story's words"
# says they are not one claim (a short one, "Biden did not support the idea.", leans on
# its context and may share nothing but a name).
FACT_OWN_WORDS = 6


# Words of time ("Sunday", "March", "yesterday"): when, not what (5-letter stems).
TIME_WORDS = frozenset(
    w[:5]
    for w in (
        *MONTHS,
        *WEEKDAYS,
        *"today yesterday tomorrow tonight сьогодні вчора завтра сегодня вчера".split(),
    )
)


# Words of time and of a period ("this year", "for weeks", "Monday evening"): two units
# that share one of them share a date, not an actor or a subject, so a related link or
# its reason never rests on them ("both about Friday" tied a senator's tweet to another
# man's speech because both were on a Friday).
PERIOD_WORDS = TIME_WORDS | frozenset(
    w[:5]
    for w in """year years week weeks month months day days night evening morning
    afternoon hour hours decade decades
    рік року році роки років тиждень тижня тижні місяць місяця місяці день дня дні
    вечір вечора ввечері вранці ночі
    год года году годы лет неделя недели неделе месяц месяца дня дни вечер вечером
    утром ночью""".split()
)
_NONE: frozenset[str] = frozenset()

# Words in quotation marks, one pair within the unit: what somebody said, verbatim.
_OPEN_QUOTE = re.compile(r"\s*[\"“«„]([^\"“”«»„]{3,})$")
_QUOTED = re.compile(r"“([^“”]{3,})”|\"([^\"]{3,})\"|«([^«»]{3,})»|„([^„“”]{3,})[“”]")


@lru_cache(maxsize=1 << 14)  # pure and called per unit: memoised
def quoted_tokens(text: str) -> frozenset[str]:
    """``content_tokens`` of the words a unit quotes (empty when it quotes nothing)."""
    quoted = " ".join(next(g for g in m.groups() if g) for m in _QUOTED.finditer(text))
    if not quoted:
        # a quotation that goes on past the unit: an opening mark and no closing one
        opened = _OPEN_QUOTE.match(text)
        quoted = opened.group(1) if opened else ""
    return content_tokens(quoted) - AUXILIARIES if quoted else _NONE


def different_quotes(x: frozenset[str], y: frozenset[str]) -> bool:
    """Whether two units quote words and none of them are the same: two outlets quoting
    one statement quote some of the same words; "'It was a prank,' Weiner reiterated"
    and "'I just feel terrible for her,' Mr. Weiner said" are two statements."""
    return bool(x and y and not x & y)


# Auxiliaries and pronouns that ``STOP`` keeps as words (the scorer reads them), but that
# two units sharing nothing else do not make one claim by: "We'd like Canada to do
# something" and "If they do not want to come, so be it" share only "do" (5-letter stems).
AUXILIARIES = frozenset(
    """do does did doing done don't if we us our you your me my them get got let just even
    still very now only""".split()
)


def shared_words(
    x: frozenset[str],
    y: frozenset[str],
    forms: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] | None = None,
) -> frozenset[str]:
    """The content words (stems) two units share, auxiliaries left out; with ``forms``
    (``content_forms`` of each unit), only the stems behind which the two use one word
    (``same_word``: "military" and "militant" share a stem, not a word)."""
    shared = x & y - AUXILIARIES
    if forms is None:
        return shared
    return frozenset(w for w in shared if same_word(forms[0].get(w, _NONE), forms[1].get(w, _NONE)))


def only_setting_words(
    x: frozenset[str],
    y: frozenset[str],
    common: frozenset[str],
    forms: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] | None = None,
) -> bool:
    """Whether two units in one language share no content word at all, or (both long)
    none but their setting: the story's own words and words of time.

    "Kuleba said that by sending NATO troops to Ukraine, Macron meant training" and
    "outlets reported Macron was forming a coalition to send NATO specialists to train
    Ukraine's forces" share sending, NATO, Ukraine, Macron, train, which every sentence
    of that story uses. "Long before Hurricane Ida made landfall Sunday in southern
    Louisiana, climatologist David Keellings was already filled with dread" and
    "Hurricane Ida arrived in Louisiana Sunday every bit as ornery as advertised" share
    the story's storm and state, and the day: where and when, nothing of what happened.
    Either is a subject, not a claim, so such a pair is at most related. ``common`` is
    the second part of ``story_words``.

    A short unit leans on its context and may share no more than a name ("Biden did not
    support the idea." with "Biden overruled Macron"), but one that shares no word at all
    is matched by its context alone, or by saying little: "Here's what he can expect." and
    "But I can tell you it's true.", "What will be missing?" and "There's nothing that
    would happen to you that we won't be there to fight for you." are no fact.

    With ``forms`` (``content_forms`` of each unit), a stem counts as shared only when
    the words behind it are one word (``same_word``)."""
    shared = shared_words(x, y, forms)
    if not shared:
        return True
    if min(len(x), len(y)) < FACT_OWN_WORDS:
        return False
    return not shared - common - TIME_WORDS
