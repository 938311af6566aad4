"""Small cue lexicons for English, Ukrainian and Russian, used by ``features``.

All entries are lower-case with ``ё`` folded to ``е`` and apostrophes to ``ʼ``. They are
deliberately short: each entry is a cue a reader would also accept as evidence.
"""

from __future__ import annotations

# Moved to storydiff.text.names (one table for every stage); still importable from here.
from storydiff.text.names import SOUND_CLASS as SOUND_CLASS
from storydiff.text.names import TRANSLIT as TRANSLIT


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _words(
    """a an the and or but if of to in on at by for with from as is are was were be been
    being has have had do does did doing this that these those it its itʼs he she they them
    his her their we our you your i me my who whom which what when where why how there here
    than then so such also very just about into onto over after before under between through
    during out up down more most some any all each other only own same too can will would
    should shall said says say told tells not no nor while because whether thereʼs
    і й та а але або що як це цей ця ці той ті в у на з із зі до від по за про для при над
    під між через який яка яке які його її їх він вона воно вони ми ви я ти був була було
    були бути є також вже ще так же б би чи тому щоб де коли там тут свій своє своя свої
    сказав сказала заявив заявила повідомив зазначив
    и в во на с со к ко от по за из о об про для при над под между через что как это этот
    эта эти тот те который которая которое которые его ее их он она оно они мы вы я ты был
    была было были быть есть также уже еще так же бы ли или а но где когда там тут свой своя
    свое свои сказал сказала заявил заявила сообщил отметил"""
)

# Negation particles; "nʼt" is also matched as a suffix. Verbs of refusal and denial are
# lexical negatives (below), not negations: "did not support" and "rejected" both say no.
# The languages whose negations these lists read: elsewhere no word shows there is none.
NEGATION_LANGUAGES = frozenset({"en", "uk", "ru"})
NEGATION_WORDS = _words(
    """not no never neither nor without nobody nothing none cannot dont doesnt didnt isnt
    arent wasnt werent havent hasnt hadnt wont cant couldnt wouldnt shouldnt
    не ні ніколи без ніхто нічого жодного
    нет ни никогда никто ничего"""
)

# Lexical negatives: verbs that say no by themselves (refuse, deny, reject, block). A version
# with one of them and a version with a negation particle agree in polarity ("did not
# support" / "blocked"); the lexical verb is the more forceful of the two.
LEXICAL_NEGATIVES = _words(
    """deny denies denied denying refuse refuses refused refusing reject rejects rejected
    rejecting block blocks blocked blocking overrule overrules overruled veto vetoes vetoed
    oppose opposes opposed dismiss dismisses dismissed ban bans banned prohibit prohibits
    prohibited decline declines declined fail fails failed failing failure
    відмовив відмовила відмовилося відмовився відмовилася відмовилися відмовили заперечив
    заперечила заперечили заперечує відхилив відхилила відхилили відхиляє заблокував
    заблокувала заблокували блокує ветував ветувала заборонив заборонила заборонили
    спростував спростувала
    отказал отказала отказали отказался отказалась отказались отрицал отрицала отрицали
    отрицает отверг отвергла отвергли отвергает отклонил отклонила отклонили отклоняет
    заблокировал заблокировала заблокировали блокирует запретил запретила запретили
    наложил опроверг опровергла"""
)
# Hearsay markers: the outlet does not vouch for the statement. One-sided in otherwise
# matching sentences, they make that version the weaker one ("reportedly blocked" vs
# "blocked"): both can be true, so it is no conflict.
HEARSAY_WORDS = _words(
    """reportedly allegedly alleged purportedly supposedly
    нібито начебто буцімто мовляв якобы мол"""
)

# Modal hedges: the version that has one states the claim with less certainty.
MODAL_WORDS = _words(
    """may might possibly perhaps probably likely apparently unconfirmed
    ймовірно імовірно можливо мабуть вероятно возможно предположительно наверное"""
)

# Attribution verbs that distance the outlet from what it reports ("claimed" vs "said"):
# the version that uses one is the weaker. Neutral verbs ("said") carry no force.
DOUBTING_VERBS = _words(
    """claimed alleges insisted insists
    стверджує стверджував стверджувала стверджують запевняв запевняла
    утверждает утверждал утверждала утверждают уверял уверяла"""
)

# Verbs of telling: a date right after one ("reported on May 23", "сообщил 23 мая") dates
# the telling, not the event it tells of.
TELLING_VERBS = _words(
    """said says reported reports announced announces told wrote writes stated states
    declared confirmed confirms tweeted posted published added
    заявив заявила заявили повідомив повідомила повідомили повідомило сказав сказала
    сказали написав написала написали підтвердив підтвердила оголосив оголосила
    заявил заявила заявили сообщил сообщила сообщили сообщило сказал сказала сказали
    написал написала написали подтвердил подтвердила объявил объявила"""
)
# Verbs that name who tells a claim ("police said", "Politico reported that"), beside
# the attribution phrases below: the verbs of telling but those that are also nouns or
# tell of a text ("states", "posted", "published"), their present tense, and verbs of a
# view ("считает": "The Washington Post считает, что ..." names its source as "пишет" does).
SOURCE_VERBS = TELLING_VERBS - _words("states posted published") | _words(
    """say tell tells каже кажуть пише пишуть вважає вважають говорит говорят пишет пишут
    считает считают"""
)
# The same verbs in Ukrainian and Russian by their dictionary form, whatever their tense,
# person or aspect ("сообщает", "сообщил", "назвал", "повідомляє", "зазначив"): a list of
# forms always misses some of them.
TELLING_LEMMAS = _words(
    """сказать говорить заявить заявлять сообщить сообщать написать писать подтвердить
    подтверждать объявить объявлять считать рассказать рассказывать отметить отмечать
    подчеркнуть подчёркивать уточнить уточнять назвать называть
    сказати казати заявити заявляти повідомити повідомляти написати писати підтвердити
    підтверджувати оголосити оголошувати вважати розповісти розповідати зазначити
    зазначати наголосити наголошувати уточнити уточнювати назвати називати"""
)
# Words between a verb of telling and the date it carries: "reported on May 23".
TELLING_LINKS = _words("on in at в у во")
# Words before a date that make it part of a noun phrase ("the Sept. 11, 2012, attack").
DETERMINERS = _words("the a an this that its his her their our")

# Attribution: the fuller version names its source (regular expressions, lower-case).
ATTRIBUTION_PHRASES: tuple[str, ...] = (
    r"according to",
    r"sources? (?:say|said|says|told)",
    r"citing",
    r"with reference to",
    r"за даними",
    r"за словами",
    r"за інформацією",
    r"з посиланням на",
    r"повідомляє",
    r"пише",
    r"по данным",
    r"по словам",
    r"по информации",
    r"со ссылкой на",
    r"сообщает",
    r"пишет",
)

# Decision verbs. English by inflected form (a bare form counts after "to", a negation or
# an auxiliary, so that "support chip" is no decision); Ukrainian and Russian by stem plus
# a verb ending, so that nouns like "підтримка" / "запрет" are left out.
SUPPORT_FORMS = _words(
    """supported supports backed backs approved approves endorsed endorses accepted accepts
    agreed agrees allowed allows welcomed welcomes"""
)
SUPPORT_BASE = _words("support back approve endorse accept agree allow welcome")
OPPOSE_FORMS = _words(
    """blocked blocks rejected rejects vetoed vetoes overruled overrules opposed opposes
    banned bans prohibited prohibits отверг"""
)
OPPOSE_BASE = _words("block reject veto overrule oppose ban prohibit")
SUPPORT_STEMS: tuple[str, ...] = (
    "підтрим",
    "схвал",
    "погод",
    "дозвол",
    "поддерж",
    "одобр",
    "соглас",
    "разреш",
)
OPPOSE_STEMS: tuple[str, ...] = (
    "заблок",
    "блокув",
    "відхил",
    "ветув",
    "заборон",
    "блокир",
    "отклон",
    "ветир",
    "запрет",
)
VERB_ENDINGS: tuple[str, ...] = (
    "в",
    "ла",
    "ли",
    "ло",
    "л",
    "вся",
    "лася",
    "лися",
    "лся",
    "лась",
    "лись",
    "ть",
    "ти",
    "ться",
    "тися",
    "ує",
    "ують",
    "ет",
    "ит",
    "ют",
    "ят",
)
# Words between which a bare English decision verb is a verb: "did not support".
AUXILIARIES = _words("to did does do has have had was were is are will would could not")

# Generic opposites in news and in everyday descriptions.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("up", "down"),
    ("win", "lose"),
    ("won", "lost"),
    ("open", "closed"),
    ("before", "after"),
    ("more", "less"),
    ("higher", "lower"),
    ("first", "last"),
    ("inside", "outside"),
    ("man", "woman"),
    ("men", "women"),
    ("boy", "girl"),
    ("boys", "girls"),
    ("young", "old"),
    ("large", "small"),
    ("big", "small"),
    ("sitting", "standing"),
    ("guilty", "innocent"),
    ("legal", "illegal"),
    ("success", "failure"),
    ("зріс", "знизився"),
    ("вырос", "снизился"),
    ("перемога", "поразка"),
    ("победа", "поражение"),
)


def _index(groups: tuple[str, ...]) -> dict[str, int]:
    return {form: i for i, forms in enumerate(groups, start=1) for form in forms.split()}


MONTHS = _index(
    (
        "january jan січень січня січні январь января январе",
        "february feb лютий лютого лютому февраль февраля феврале",
        "march березень березня березні март марта марте",
        "april apr квітень квітня квітні апрель апреля апреле",
        "may травень травня травні май мая мае",
        "june червень червня червні июнь июня июне",
        "july липень липня липні июль июля июле",
        "august aug серпень серпня серпні август августа августе",
        "september sept sep вересень вересня вересні сентябрь сентября сентябре",
        "october oct жовтень жовтня жовтні октябрь октября октябре",
        "november nov листопад листопада листопаді ноябрь ноября ноябре",
        "december dec грудень грудня грудні декабрь декабря декабре",
    )
)
WEEKDAYS = _index(
    (
        "monday понеділок понеділка понедельник понедельника",
        "tuesday вівторок вівторка вторник вторника",
        "wednesday середу среду",  # "середа" / "среда" also mean "environment"
        "thursday четвер четверга четверг",
        "friday пʼятниця пʼятницю пятница пятницу",
        "saturday субота суботу суббота субботу",
        "sunday неділя неділю воскресенье",
    )
)
# The languages whose month and weekday names these lists read: a text in another
# language may name a date in words ("el martes", "am Dienstag") no finder sees.
DATE_LANGUAGES = frozenset({"en", "uk", "ru"})
# Articles and determiners of languages whose names are read by their capitals, by
# language: one that opens a sentence is no name, and the word after it is read as the
# sentence's first word ("La Autoridad de Turismo"); mid-sentence one is a name's first
# word only when a capital follows ("La Haya"; not "Colombia»  Un crecimiento").
# Listed only where storydiff compares names in that language's own texts (not en/uk/ru,
# whose function words are ``STOP_WORDS``, nor German, which capitalises every noun).
OPENING_ARTICLES: dict[str, frozenset[str]] = {
    "es": _words("el la los las un una unos unas lo este esta estos estas ese esa esos esas"),
    "fr": _words("le la les un une des du ce cet cette ces"),
    "it": _words("il lo la i gli le un uno una questo questa questi queste"),
    "pt": _words("o a os as um uma uns umas este esta estes estas"),
    # Polish has no articles: its determiners and quantifiers stand where they would
    # ("Większość z nich", "majority of them", was a name after a lost sentence's end)
    "pl": _words(
        """ten ta to te ci tego tej tym tych ów każdy każda każde wszyscy wszystkie
        większość część wiele kilka kilku niektórzy niektóre żaden żadna żadne"""
    ),
}
# Languages whose counted nouns and periods are read (function words, scale words, units,
# months): there two figures can be shown to fill one slot ("10,000 troops" / "5,000
# troops"). Elsewhere the word after a figure may be a measure ("161 osób", "2.7 مليار")
# and the period unread ("in March" / "in February"), so figures that differ are shown as
# differing, never as a conflict.
SLOT_LANGUAGES = frozenset({"en", "uk", "ru"})
# Languages that group thousands with points and write decimals after a comma ("40.000
# millones", "1.234,5"): their "10.000" is ten thousand, an English one ten.
_SPELLED_VALUES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30)
POINT_THOUSANDS_LANGUAGES = frozenset(
    {"de", "es", "it", "nl", "pt", "ca", "da", "el", "hr", "id", "ro", "sl", "sr", "tr"}
)
# Spelled-out counts of languages whose words would be English words or names elsewhere
# ("due", "once", "dos", "elf"): read only in a sentence of that language. One is left
# out (an article: "un", "una", "een"), and so is Italian "sei" ("you are").
SPELLED_NUMBERS_BY_LANGUAGE: dict[str, dict[str, float]] = {
    lang: {w: float(v) for v, w in zip(_SPELLED_VALUES, words.split(), strict=True) if w != "-"}
    for lang, words in (
        ("es", "dos tres cuatro cinco seis siete ocho nueve diez once doce veinte treinta"),
        ("it", "due tre quattro cinque - sette otto nove dieci undici dodici venti trenta"),
        ("nl", "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig"),
        ("pt", "dois três quatro cinco seis sete oito nove dez onze doze vinte trinta"),
        ("fr", "deux trois quatre cinq six sept huit neuf dix onze douze vingt trente"),
    )
}
# English month names that are common words unless capitalised ("may", "march").
CAPITALISED_ONLY = _words("may march jan feb apr aug sep oct dec")

# Spelled-out counts (English, Ukrainian, Russian, German); "one" / "один" are left out:
# far more often a pronoun than a count; "elf" (German eleven) is an English word too.
SPELLED_NUMBERS: dict[str, float] = {
    form: float(value)
    for value, forms in (
        (2, "two два дві две двох двух двоє двое zwei"),
        (3, "three три трьох трех троє трое drei"),
        (4, "four чотири четыре четверо vier"),
        (5, "five пʼять пять fünf"),
        (6, "six шість шесть sechs"),
        (7, "seven сім семь sieben"),
        (8, "eight вісім восемь acht"),
        (9, "nine девʼять девять neun"),
        (10, "ten десять zehn"),
        (11, "eleven одинадцять одиннадцать"),
        (12, "twelve дванадцять двенадцать zwölf"),
        (13, "thirteen тринадцять тринадцать dreizehn"),
        (14, "fourteen чотирнадцять четырнадцать vierzehn"),
        (15, "fifteen пʼятнадцять пятнадцать fünfzehn"),
        (16, "sixteen шістнадцять шестнадцать sechzehn"),
        (17, "seventeen сімнадцять семнадцать siebzehn"),
        (18, "eighteen вісімнадцять восемнадцать achtzehn"),
        (19, "nineteen девʼятнадцять девятнадцать neunzehn"),
        (20, "twenty двадцять двадцать zwanzig"),
        (30, "thirty тридцять тридцать dreißig"),
        (40, "forty сорок vierzig"),
        (50, "fifty пʼятдесят пятьдесят fünfzig"),
        (60, "sixty шістдесят шестьдесят sechzig"),
        (70, "seventy сімдесят семьдесят siebzig"),
        (80, "eighty вісімдесят восемьдесят achtzig"),
        (90, "ninety девʼяносто девяносто neunzig"),
        (100, "hundred сто hundert"),
    )
    for form in forms.split()
}
# "one" counts only after tens: "twenty-one", "двадцать один".
ONE_AFTER_TENS = _words("one один одна одне одно")
# Scale words after a number: "10 thousand", "5 тыс.", "2,5 млрд", "$1 trillion", "3
# Milliarden", "2 billones", "5 miliardów". A word is read by the first stem it starts
# with, so a longer word goes before the shorter one it starts with: German "Billionen"
# and Spanish "billones" are 1e12 (a "Billion" there is a million million), not the
# English "billion"; "milliard" (fr, de) and "miliard" (pl, it) are 1e9. German and French
# "Billion"/"billion" alone stay 1e9: written as in English, the word does not say which.
MULTIPLIER_STEMS: tuple[tuple[str, float], ...] = (
    ("billionen", 1e12),
    ("billón", 1e12),
    ("billon", 1e12),
    ("bilion", 1e12),
    ("milliard", 1e9),
    ("miliard", 1e9),
    ("millón", 1e6),
    ("millon", 1e6),
    ("milion", 1e6),
    # Dutch: "3,5 miljoen", "2 miljard", "10 duizend"
    ("biljoen", 1e12),
    ("miljard", 1e9),
    ("miljoen", 1e6),
    ("duizend", 1e3),
    ("thousand", 1e3),
    ("тисяч", 1e3),
    ("тис", 1e3),
    ("тысяч", 1e3),
    ("тыс", 1e3),
    ("million", 1e6),
    ("мільйон", 1e6),
    ("миллион", 1e6),
    ("млн", 1e6),
    ("billion", 1e9),
    ("мільярд", 1e9),
    ("миллиард", 1e9),
    ("млрд", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("трильйон", 1e12),
    ("триллион", 1e12),
    ("трлн", 1e12),
    ("dozen", 12.0),
    ("дюжин", 12.0),
)
# Words that make the scale word after them a thousand times larger: Spanish "mil
# millones" (a thousand million, 1e9). "mil" alone is no scale word: in English it may
# abbreviate "million".
THOUSAND_BEFORE_SCALE = frozenset({"mil"})

# Units after a number, by stem: (dimension, size in the dimension's base unit). Two
# figures in one dimension are compared after conversion ("90 miles" ~ "150 kilometres");
# figures in different dimensions ("13 cents", "1.5 percent") are never one figure.
UNIT_STEMS: tuple[tuple[str, str, float], ...] = (
    ("percent", "percent", 1.0),
    ("процент", "percent", 1.0),
    ("відсот", "percent", 1.0),
    ("cent", "usd", 0.01),
    ("dollar", "usd", 1.0),
    ("долар", "usd", 1.0),
    ("доллар", "usd", 1.0),
    ("euro", "eur", 1.0),
    ("євро", "eur", 1.0),
    ("евро", "eur", 1.0),
    ("yen", "jpy", 1.0),
    ("pence", "gbp", 0.01),
    ("mile", "length", 1.609),
    ("kilomet", "length", 1.0),
    ("kilometr", "length", 1.0),
    ("km", "length", 1.0),
    ("кілометр", "length", 1.0),
    ("километр", "length", 1.0),
    ("км", "length", 1.0),
    ("feet", "height", 0.3048),
    ("foot", "height", 0.3048),
    ("ft", "height", 0.3048),
    # metres are heights and falls more often than distances, and "height" is counted in
    # metres: "60 metres (200 feet)" is one figure
    ("metre", "height", 1.0),
    ("meter", "height", 1.0),
    ("метр", "height", 1.0),
    ("метра", "height", 1.0),
    ("метров", "height", 1.0),
    ("метрів", "height", 1.0),
    ("pound", "mass", 0.4536),
    ("kg", "mass", 1.0),
    ("kilogram", "mass", 1.0),
    ("кілограм", "mass", 1.0),
    ("килограмм", "mass", 1.0),
    ("hectare", "area", 1.0),
    ("гектар", "area", 1.0),
    ("acre", "area", 0.4047),
    ("point", "point", 1.0),
    ("пункт", "point", 1.0),
    ("basis", "basis point", 1.0),
    ("year", "year", 1.0),
    ("рок", "year", 1.0),
    ("лет", "year", 1.0),
    ("год", "year", 1.0),
)
# "square" before a unit of length makes an area (in hectares, the base of "area"):
# "170,000-square-foot" and "15,800-square-metre" are one floor space.
SQUARE_WORDS = _words("square sq квадратних квадратний квадратный квадратных кв")
SQUARE_UNITS: tuple[tuple[str, float], ...] = (
    ("foot", 0.3048**2 / 1e4),
    ("feet", 0.3048**2 / 1e4),
    ("ft", 0.3048**2 / 1e4),
    ("metre", 1e-4),
    ("meter", 1e-4),
    ("метр", 1e-4),
    ("km", 100.0),
    ("kilomet", 100.0),
    ("кілометр", 100.0),
    ("километр", 100.0),
    ("км", 100.0),
    ("mile", 258.999),
)
# A count of a part, not of the whole: "two other victims", "two more deaths", "another
# two", "ще двоє", "еще двое". Compared with a total ("three victims"), it is no conflict.
PART_AFTER = _words(
    """other others more additional further remaining else
    інших інші додаткових других другие дополнительных остальных"""
)
# Words for a change ("a decrease of 28,250 from the previous week"): the figure after one
# measures the change of a quantity the sentence names elsewhere, not a thing it counts.
CHANGE_WORDS = _words(
    """decrease decreases increase increases drop drops rise rises fall falls gain gains
    loss losses decline declines jump jumps
    зменшення збільшення зростання зниження падіння приріст
    уменьшение увеличение рост снижение падение прирост"""
)
PART_BEFORE = _words("another other remaining ще іще еще ещё остальные остальных решта")
# A running total ("in five operations so far ... 14 rifles", "a total of 923 rounds") and
# one event's count ("during the operation, six rifles") count different things: two
# figures, one of them a running total, are no conflict. Not "всего" / "усього", which
# also mean "only" ("всего пять человек"), where a clash is a clash.
RUNNING_TOTAL = (
    "so far",
    "thus far",
    "to date",
    "in total",
    "a total of",
    "altogether",
    "cumulative",
    "загалом",
    "на сьогодні",
    "від початку",
    "в общей сложности",
    "на сегодняшний день",
    "с начала",
    "итого",
)
# Words that give a figure for each one of several ("Each boy weighed less than 50
# pounds", "$5 apiece"): beside a figure for all of them ("136 pounds combined") the two
# are different counts, not one that differs.
DISTRIBUTIVE = _words(
    "each apiece кожен кожна кожне кожного кожному каждый каждая каждое каждого каждому"
)
# Currency signs before a number: "$9.99", "£90,000".
CURRENCY_SIGNS: dict[str, str] = {"$": "usd", "£": "gbp", "€": "eur", "¥": "jpy", "₴": "uah"}
# Money after a scale word ("30 million pounds", "30 Millionen Pfund", "2 млн гривень"),
# by stem; a scale word makes "pounds" money, not weight.
MONEY_AFTER_SCALE: tuple[tuple[str, str], ...] = (
    ("pound", "gbp"),
    ("pfund", "gbp"),
    ("фунт", "gbp"),
    ("dollar", "usd"),
    ("долар", "usd"),
    ("доллар", "usd"),
    ("euro", "eur"),
    ("євро", "eur"),
    ("евро", "eur"),
    ("franken", "chf"),
    ("franc", "chf"),
    ("франк", "chf"),
    ("гривен", "uah"),
    ("гривн", "uah"),
    ("hryvni", "uah"),
    ("рубл", "rub"),
    ("rubl", "rub"),
    ("yen", "jpy"),
)
# Currency words after any figure, by stem with at most three letters after it ("200
# złotych", "300 гривень", "50 рублей"), and abbreviations as written ("1 000 zł", "500
# грн", "100 руб."): money wherever they stand, unlike "pounds" and "фунтов", which are
# money only after a scale word and otherwise a weight.
CURRENCY_AFTER: tuple[tuple[str, str], ...] = (
    ("złot", "pln"),
    ("гривн", "uah"),
    ("гривен", "uah"),
    ("hryvn", "uah"),
    ("рубл", "rub"),
    ("rubl", "rub"),
)
CURRENCY_ABBREVIATIONS: dict[str, str] = {"zł": "pln", "pln": "pln", "грн": "uah", "руб": "rub"}
# The dimensions that are money: a figure in one and a bare figure are not compared.
CURRENCIES = frozenset({"usd", "gbp", "eur", "jpy", "uah", "chf", "rub", "pln"})

# Words right before a number that make it a bound or an estimate, not an exact figure: "at
# least 29" and "some 36" can both be true, as can "about 320" and "about 300". One- and
# two-word phrases; "min" is a lower bound, "max" an upper one.
NUMBER_QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(
        [
            *"over above exceeding topped понад щонайменше більше свыше более больше".split(),
            *("at least", "more than", "не менее", "не менше", "більше ніж", "более чем"),
        ],
        "min",
    ),
    **dict.fromkeys(
        [
            *"nearly almost under approached approaching below майже почти".split(),
            *("up to", "less than", "fewer than", "до", "менее чем", "менше ніж"),
        ],
        "max",
    ),
    **dict.fromkeys(
        "about around approximately roughly some estimated близько приблизно орієнтовно "
        "около примерно порядка".split(),
        "about",
    ),
}

# Titles and ranks written capitalised before a name ("Sen. Tom Cotton", "Foreign Minister
# Sergei Lavrov"): part of how a person is named, not a name.
TITLES = _words(
    """mr mrs ms dr prof sen senator rep representative gov governor president vice prime
    minister secretary general gen lt col sgt capt cmdr adm maj judge justice chancellor
    chairman chairwoman chair chief director speaker king queen prince princess pope
    ambassador deputy foreign defense defence interior attorney mayor sir lord lady st
    rev reverend jr ceo pm senior assistant manager vp coo cfo spokesman spokeswoman
    spokesperson commissioner adviser advisor inspector detective constable sergeant
    superintendent
    пан пані господин госпожа губернатор президент премьер министр міністр мэр мер посол
    сенатор депутат генсек директор"""
)
# Capitalised adjectives of place and party ("Democratic", "Russian", "Baltic"): English
# only, Ukrainian and Russian write them in lower case. A suffix, checked on words of six
# letters or more so that short first names ("Eric", "Clive") stay names.
ADJECTIVE_SUFFIXES: tuple[str, ...] = (
    "ian",
    "ean",
    "ican",
    "ese",
    "ish",
    "ic",
    "ern",
    "ocratic",
    "ical",
    "ous",
    "ive",
    "ful",
    "less",
    "able",
    "ible",
)
ADJECTIVES_OF_PLACE = _words("french dutch greek thai swiss czech arab democrat")

# Match keys (the first five letters) of one country named two ways, a name and an
# adjective: "the US president" and "the American president" name one country, so "US"
# is not a name only one version gives.
NAME_ALIASES: frozenset[tuple[str, str]] = frozenset(
    {("us", "ameri"), ("usa", "ameri"), ("uk", "briti"), ("сша", "амери")}
)
