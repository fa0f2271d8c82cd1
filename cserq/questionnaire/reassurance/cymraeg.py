"""Reassurance in Welsh: the claims, and the words that stop a phrase being one.

Welsh puts the adjective after the noun ("risg isel", low risk), negates with "dim", "nid",
"nad" and "peidiwch â", and mutates the first letter of a word after many others ("yn ddiogel",
"ei phryder", "i chi boeni"). Every content word here is written in its radical form and matched
in all its mutated forms (:func:`~cserq.questionnaire.reassurance.grammar.mutated`). Text is
matched without accents ("â" is "a"), as :func:`~cserq.questionnaire.reassurance.normalise`
leaves it.
"""

from __future__ import annotations

from cserq.questionnaire.reassurance.grammar import (
    GAP,
    NO_WORRY,
    NOT_AT_RISK,
    NOTHING_TO_DO,
    REACH,
    SAFE,
    UNLIKELY,
    WORD,
    Claim,
    after,
    claim,
    maybe,
    mutated,
    optional,
    phrases,
    some,
    words,
)


def forms(text: str) -> set[str]:
    """The phrases of ``text`` (see :func:`phrases`), each in every mutated form."""
    return mutated(*phrases(text))


# --- Who the text is about ---

PEOPLE = forms("""
    plentyn | plant | person ifanc | pobl ifanc | person | claf | bachgen | merch | merch ifanc |
    dyn ifanc | baban | babi | disgybl | unigolyn | myfyriwr | myfyrwraig | dioddefwr
""")
PRONOUNS = phrases("hi | e | ef | o | nhw | hwy | hyn | hynny")
# "mae'r plentyn", "bod y plentyn", "fod plentyn", "mae hi".
PERSON = rf"(?:(?:'r | y | yr | ){words(PEOPLE)}(?: \d+ oed)?|{GAP}{words(PRONOUNS)})"
# "yn" before a state: "mae'r plentyn yn ddiogel", "camfanteisio'n annhebygol".
IN = r"(?:'n |,? yn | )"

# --- To be ---

BE = words(
    phrases("""
    mae | bod | fod | yw | ydy | ydyw | ydi | mai | bydd | fydd | byddai | fyddai | roedd | oedd |
    maen | ydyn | ydynt | byddant | fyddant | mi fydd | fe fydd | ymddengys fod | ymddengys bod |
    ei fod | ei bod | eu bod
""")
)
# "mae'n ddiogel" (it is safe), "ei fod yn iawn" (that he is fine): the subject is understood.
BE_UNDERSTOOD = phrases("""
    mae'n | mae hi'n | mae e'n | mae o'n | maen nhw'n | mae nhw'n | ei fod yn | ei bod yn |
    eu bod yn | bod hi'n | bod e'n | fod hi'n | fod e'n | ydy hi'n | yw hi'n | mae ef yn |
    bydd yn | fydd yn | byddan nhw'n | bydd hi'n | bydd e'n
""")
ADVERBS = some(
    words(
        forms("""
        nawr | bellach | erbyn hyn | yn awr | llwyr | perffaith | hollol | cwbl | cyfan gwbl |
        sicr | siwr o fod | mae'n debyg | amlwg | eto | o hyd | dal | hefyd | heddiw |
        ar hyn o bryd | i bob golwg | yn ol pob tebyg | digon | eithaf | gweddol | cymharol |
        yn llwyr | yn berffaith | yn hollol | yn gwbl | yn gyfan gwbl | yn sicr | yn amlwg |
        yn dal | yn ddigon | yn eithaf | yn weddol | yn gymharol | wir | yn wir | go | reit |
        yn bendant | bendant
    """)
    )
)
SAFE_STATES = forms("""
    diogel | saff | iawn | iach | holliach | ok | oce | allan o berygl | mewn dwylo diogel |
    rhydd rhag niwed | rhydd rhag perygl | rhydd rhag risg | rhydd rhag camdriniaeth |
    rhydd rhag camfanteisio | diogel rhag niwed | diogel a iach | diogel ac iach |
    iawn ac yn ddiogel | ddim mewn perygl mwyach
""")
# After a subject that is only understood ("mae'n iawn"), a state is about the child unless an
# "i" or a verb follows: "mae'n iawn i chi ddweud" (it is fine for you to say) is not.
FOR_YOU = forms("""
    i chi | ichi | i'r ymarferydd | i ymarferwyr | dweud | gofyn | dewis | peidio | bod | ateb
""")
NOT_FOR_YOU = rf"(?!{GAP}{words(FOR_YOU)})"
ALL = phrases("popeth | pob dim | pob peth | y cyfan | 'r cyfan | pethau | y sefyllfa")
FINE = forms("iawn | da | ok | oce | clir | normal | arferol | trefn | diogel")
NOTHING_WRONG = phrases("""
    dim byd o'i le | does dim byd o'i le | nid oes dim o'i le | dim o'i le | dim byd yn bod |
    does dim yn bod | does dim byd yn bod | dim byd anarferol | dim byd pryderus |
    dim byd yn peri pryder | dim byd yn peri gofid | nid oes dim byd o'i le | dim byd amheus |
    dim byd i'w ofni
""")

# --- Risk, worry, harm ---

RISKS = forms("""
    risg | risgiau | perygl | peryglon | pryder | pryderon | niwed | camfanteisio | cam drin |
    camdriniaeth | crhb | gofid | gofidiau | achos pryder | achos i bryderu | mater diogelu |
    materion diogelu | pryder diogelu | pryderon diogelu | perygl o niwed
""")
NONE = phrases("""
    dim | heb | nid oes | does dim | does ddim | nad oes | heb ddim | dim llawer o | fawr ddim |
    fawr o | prin ddim | ychydig o | ychydig iawn o | lleiafswm o | dim ond ychydig o |
    nemor ddim | dim unrhyw | heb unrhyw | nid oes unrhyw | does dim unrhyw | nad oes unrhyw |
    sdim | dim o gwbl | nid oes fawr o | heb fawr o | does fawr o | dim arwydd o |
    dim arwyddion o | dim tystiolaeth o | nid oes tystiolaeth o | does dim tystiolaeth o |
    heb arwydd o | heb arwyddion o | dim sail i | dim lle i
""")
# "Dim arwyddion wedi'u cofnodi" says what was recorded, not what is true.
RECORDED = phrases("""
    wedi'u cofnodi | wedi'u nodi | wedi eu cofnodi | wedi ei gofnodi | wedi'i gofnodi |
    a gofnodwyd
""")
NOT_RECORDED = rf"(?!{GAP}{words(RECORDED)})"
# "Nid oes unrhyw bryder yn rhy fach i'w rannu" (no worry is too small to share) asks for more.
TOO_SMALL_WORDS = phrases("yn rhy | sy'n rhy | rhy fach | rhy fychan | yn ddibwys")
TOO_SMALL = rf"(?!{GAP}{words(TOO_SMALL_WORDS)})"
# "Does dim niwed mewn gofyn" (there is no harm in asking) is a way of speaking.
ASKING_WORDS = forms("mewn gofyn | wrth ofyn | mewn holi | wrth holi | mewn trafod | wrth drafod")
NOT_ASKING = rf"(?!{GAP}{words(ASKING_WORDS)})"
LOW = forms("""
    isel | isel iawn | bach | bach iawn | bychan | bechan | lleiaf | dibwys | prin | cyfyngedig |
    annhebygol | cymharol isel | eithaf isel | gweddol isel | lleiafsymol | ddim yn uchel |
    ddim yn fawr | ddim yn sylweddol | heb fod yn uchel | isel ar hyn o bryd | isel bellach |
    yn isel | dim | wedi lleihau | wedi diflannu | wedi'i datrys | wedi ei datrys | pitw |
    ansylweddol
""")
FRONTED_LOW = forms("isel | bach | bychan | dibwys | prin | lleiaf")
RISK_SUBJECTS = forms("""
    risg | perygl | pryder | pryderon | lefel risg | lefel y risg | lefel o risg | lefel y pryder |
    tebygolrwydd o niwed | tebygolrwydd o gamfanteisio | risg o niwed | risg o gamfanteisio |
    perygl o niwed
""")
NOT_BE = phrases("""
    nid yw | nad yw | dyw | dydy | dydi | nid ydy | nid ydyw | nad ydy | nid ydynt | nad ydynt |
    nid ydyn | dydyn | nid oedd | nad oedd | doedd | ni fydd | na fydd | heb fod | ddim |
    dyw hi | dyw e | dydy hi | dydy e
""")
AT_RISK = forms("""
    wynebu risg | wynebu unrhyw risg | mewn perygl | mewn unrhyw berygl | mewn risg |
    agored i niwed | agored i risg | agored i gamfanteisio | dan fygythiad |
    mewn sefyllfa beryglus | cael ei gam drin | cael ei cham drin | cael eu cam drin |
    cael ei gamfanteisio | cael ei chamfanteisio | cael ei niweidio | cael eu niweidio |
    cael ei fasnachu | cael ei masnachu | dioddef niwed | dioddef camdriniaeth | bryder |
    achos pryder | destun pryder | achos i bryderu | blentyn sy'n wynebu risg |
    wynebu risg o niwed | wynebu perygl
""")

ANSWERS = phrases("atebion | cofnod | hyn | hynny | hyn a gofnodwyd | hyn a gofnodwyd gennych")
SHOWING = forms("dangos | awgrymu | pwyntio at")
# "Mae'r plentyn yn ymddangos yn ddiogel" (seems safe).
SEEMS = rf"(?:{words(forms('ymddangos | edrych | swnio'))}{IN})?"
POSSESSORS = phrases("""
    gennym | gennym ni | gen i | gennyf | gennyf i | gennych | gennych chi | ganddo | ganddi |
    ganddyn nhw | ganddynt | gyda ni | gyda fi | 'da ni | gynnon ni | gynno fo | gynni hi | gen ti
""")
NOT_BELIEVING = phrases("""
    nid wyf | nid ydym | nid ydw i | dydw i ddim | dwi ddim | dydyn ni ddim | nid yw'n |
    dyw hi ddim yn | nid ydych | ni chredaf | ni chredwn | nid ymddengys | nid yw hi'n |
    dydy hi ddim yn | nid ydynt
""")
BELIEVING = forms("credu | meddwl | ystyried | amau | ymddangos | teimlo | tybio")
HAPPENING = forms("digwydd | bresennol | debygol | mynd ymlaen")

# --- Harm happening, exploitation unlikely ---

HARMS = forms("""
    camfanteisio | camfanteisio rhywiol | cam drin | cam drin rhywiol | camdriniaeth | niwed |
    crhb | masnachu | meithrin perthynas amhriodol | niwed sylweddol
""")
UNLIKELY_STATES = forms("""
    annhebygol | anhebygol | annhebyg | llai tebygol | ddim yn debygol | ddim yn digwydd |
    wedi'i ddiystyru | wedi ei ddiystyru | wedi cael ei ddiystyru | wedi'i diystyru | absennol |
    ddim yn bresennol | ddim yn bryder | annhebygol iawn
""")
DOUBTS = phrases("""
    annhebygol | anhebygol | ddim yn debygol | nid yw'n debygol | nad yw'n debygol |
    does dim rheswm i gredu | nid oes rheswm i gredu | dim rheswm i gredu | dim rheswm i feddwl |
    does dim rheswm i feddwl | nid oes rheswm i feddwl | dim tystiolaeth | does dim tystiolaeth |
    nid oes tystiolaeth | dim arwydd | dim arwyddion | does dim arwydd | nid oes arwydd |
    dim byd yn awgrymu | does dim byd yn awgrymu | nid oes dim yn awgrymu | dim i awgrymu |
    dim byd i awgrymu | does dim byd i awgrymu | nid oes unrhyw arwydd | prin fod | go brin fod |
    go brin bod | annhebyg
""")
THAT = phrases("bod | fod | y | y bydd | y byddai | o | i | bod rhywun | fod rhywun")
HARMING = forms("""
    camfanteisio | cam drin | niweidio | masnachu | cael ei gam drin | cael ei cham drin |
    cael ei gamfanteisio | cael ei chamfanteisio | cael ei niweidio | cael eu cam drin |
    cael eu niweidio | cael ei fasnachu
""")
RULE_OUT = forms("diystyru | eithrio | cau allan")
RULED_OUT_THINGS = forms("risg | pryder | hysbysiad | atgyfeiriad")
NO_ONE = phrases("nid oes neb | does neb | nad oes neb | does dim un")

# --- Nothing to do ---

NEED_NOT = phrases("""
    dim angen | nid oes angen | does dim angen | does ddim angen | nad oes angen | sdim angen |
    dim rhaid | nid oes rhaid | does dim rhaid | nad oes rhaid | dim raid | nid oes raid |
    does dim raid | ni fydd angen | na fydd angen | fydd dim angen | fydd dim rhaid |
    ni fydd rhaid | does dim gofyn | nid oes gofyn | nid oes rheidrwydd | dim rheidrwydd |
    does dim rheidrwydd | heb angen | nid yw'n angenrheidiol | nid yw'n ofynnol |
    dim yn angenrheidiol | ddim yn angenrheidiol | ni ddylai fod angen | does dim pwynt |
    nid oes pwynt | dim pwynt | nid oes diben | does dim diben | dim diben |
    nid oes gennych ddyletswydd | does gennych chi ddim dyletswydd | does dim rhaid i chi |
    nid oes rhaid i chi | dim rheswm | does dim rheswm | nid oes rheswm | nid yw'n werth |
    dyw hi ddim yn werth | does dim galw | nid oes galw | diangen
""")
TO_YOU = phrases("i chi | ichi | i'r ymarferydd | i neb | i unrhyw un | i | o")
ABSOLUTE_ACTIONS = forms("""
    gweithredu | gwneud dim | gwneud dim byd | gwneud unrhyw beth | gwneud rhagor | gwneud mwy |
    gwneud dim mwy | gwneud dim pellach | gwneud hysbysiad | gwneud atgyfeiriad | hysbysu |
    atgyfeirio | uwchgyfeirio | dilyn hyn i fyny | dilyn i fyny | cymryd camau |
    cymryd unrhyw gamau | ymyrryd | adolygu | monitro | ymchwilio | hysbysiad | atgyfeiriad |
    gweithredu pellach | camau pellach | gweithred | ymateb | rhoi gwybod i neb |
    dweud wrth neb | cysylltu ag unrhyw un | mynd a hyn ymhellach | codi pryder | codi'r mater
""")
DIRECTED = forms("rhoi gwybod | cysylltu | ffonio | trafod | rhannu | dweud | galw")
SAFEGUARDING = forms("""
    gwasanaethau cymdeithasol | heddlu | awdurdod lleol | arweinydd diogelu | arweinydd |
    gweithiwr cymdeithasol | tim dyletswydd brys | rheolwr | 999 | gwasanaethau plant |
    gwasanaethau oedolion | tim diogelu
""")
ANYONE = forms("neb | unrhyw un | rhywun")
# "cysylltu â'r heddlu", "trafod gyda'ch arweinydd", "ffonio'r gwasanaethau cymdeithasol".
_TO = words("i", "a", "ag", "gyda", "wrth", "am hyn", "hyn")
_LINK = rf"(?:'r|'ch|)(?:{GAP}{_TO}(?:'r|'ch|))?{after(words('y', 'yr', 'eich', 'ein'))}{GAP}"
ACTION = rf"(?:{words(ABSOLUTE_ACTIONS)}|{words(DIRECTED)}{_LINK}{words(SAFEGUARDING, ANYONE)})"
STRICT = forms("""
    hysbysu | atgyfeirio | gwneud hysbysiad | gwneud atgyfeiriad | uwchgyfeirio | gweithredu
""")
STRICT_ACTION = rf"(?:{words(STRICT)}|{words(DIRECTED)}{_LINK}{words(SAFEGUARDING)})"
PROHIBITIONS = phrases("""
    peidiwch a | peidiwch ag | paid a | paid ag | ni ddylech | ddylech chi ddim | ni ddylid |
    rhaid peidio a | rhaid peidio ag | rhaid i chi beidio a | rhaid i chi beidio ag | ni chewch |
    ni ddylech chi | na | does dim angen i chi | osgowch
""")
NOTHING = phrases("""
    dim byd | dim | nid oes dim | does dim byd | does dim | nid oes unrhyw beth |
    does dim byd arall | nid oes dim byd | dim byd arall
""")
TO_DO = phrases("""
    i'w wneud | i w wneud | i'w hysbysu | i'w adrodd | angen ei wneud | sydd angen ei wneud |
    i wneud | i'w wneud nawr | i'w wneud bellach
""")
ACTION_NOUNS = forms("""
    gweithredu | camau | gweithred | hysbysiad | atgyfeiriad | ymyrraeth | ymateb |
    gweithredu pellach | camau pellach | dilyniant
""")
FURTHER = forms("pellach | ychwanegol | arall")
NEEDED = forms("angenrheidiol | gofynnol | priodol | hanfodol | gorfodol | angen")
NEEDLESS = forms("diangen | amhriodol | gormodol | cynamserol")

# --- Nothing to worry about ---

WORRY = forms("poeni | pryderu | gofidio | becso | ofni | pryder | gofid | cynhyrfu")
LITTLE = phrases("""
    dim byd | dim | nid oes dim | does dim byd | nid oes unrhyw beth | fawr ddim | ychydig |
    dim llawer | does dim | nid oes dim byd
""")
CAUSES = phrases("angen | rhaid | rheswm | achos | sail | lle | galw")
DO_NOT = phrases("peidiwch a | paid a | peidio a | na | peidiwch ag | rhowch y gorau i")
# "Peidiwch â phoeni os nad ydych yn gwybod" is about the form, not the child.
NOT_ABOUT_THE_FORM = rf"(?!{GAP}{words('os', 'a ydych', 'am beidio', 'am fanylion', 'am gael')})"
COMFORT = phrases("""
    dawel eich meddwl | dawel'ch meddwl | tawel eich meddwl | tawelwch meddwl |
    dawelu eich meddwl | tawelu eich meddwl | dawelu'ch meddwl | tawelu'ch meddwl | galonogol |
    calonogol | newyddion da
""")

CLAIMS: tuple[Claim, ...] = (
    # "Mae'r plentyn yn ddiogel", "bod y person ifanc yn berffaith iawn", "maen nhw'n saff".
    claim(SAFE, BE, PERSON, IN, SEEMS, ADVERBS, words(SAFE_STATES), NOT_FOR_YOU),
    claim(SAFE, words(BE_UNDERSTOOD), IN, ADVERBS, words(SAFE_STATES), NOT_FOR_YOU),
    # "Mae popeth yn iawn", "does dim byd o'i le".
    claim(NO_WORRY, maybe(words("mae", "bod", "fod", "mai"), words(ALL)), IN, ADVERBS, words(FINE)),
    claim(NO_WORRY, words(NOTHING_WRONG)),
    # "Dim risg", "nid oes unrhyw bryder", "heb berygl", "dim pryderon diogelu".
    claim(NOT_AT_RISK, words(NONE), NOT_RECORDED, GAP, words(RISKS), TOO_SMALL, NOT_ASKING),
    # "Risg isel", "mae'r risg yn fach", "isel yw'r risg", "lefel isel o risg".
    claim(NOT_AT_RISK, words(RISK_SUBJECTS), rf"(?:{IN}|:{GAP})", ADVERBS, words(LOW)),
    claim(
        NOT_AT_RISK,
        words(FRONTED_LOW),
        GAP,
        words("yw'r", "ydy'r", "yw", "ydy"),
        rf"(?:{GAP}y{GAP}|{GAP}|)",
        words(RISK_SUBJECTS),
    ),
    claim(
        NOT_AT_RISK,
        words("lefel", "lefelau"),
        GAP,
        words(forms("isel | bach")),
        GAP,
        words("o"),
        GAP,
        words(RISKS),
    ),
    # "Nid oes gennym unrhyw bryderon", "does gen i ddim pryderon".
    claim(
        NOT_AT_RISK,
        words("nid oes", "does", "does dim", "nad oes", "sdim"),
        GAP,
        words(POSSESSORS),
        GAP,
        optional(words("ddim", "unrhyw", "dim", "ddim unrhyw", "fawr o", "fawr ddim")),
        words(RISKS),
        TOO_SMALL,
    ),
    # "Nid wyf yn credu bod y plentyn yn cael ei gam-drin", "nid yw'n ymddangos bod ... mewn
    # perygl", "ni chredaf fod camfanteisio'n digwydd".
    claim(
        UNLIKELY,
        words(NOT_BELIEVING),
        GAP,
        optional(words("yn", "ni", "i")),
        optional(words(BELIEVING)),
        words("bod", "fod"),
        rf"(?:{PERSON}{IN}{ADVERBS}{words(AT_RISK)}|{GAP}{words(HARMS)}{IN}{words(HAPPENING)})",
    ),
    # "Nid yw'r atebion yn dangos unrhyw risg" (but "nid yw'n dangos bod camfanteisio'n
    # digwydd" is a caution against reading too much).
    claim(
        NOT_AT_RISK,
        words(NOT_BE),
        r"(?:'r|'n|)",
        after(words(ANSWERS)),
        IN,
        words(SHOWING),
        GAP,
        words("unrhyw", "llawer o", "fawr o", "dim"),
        GAP,
        words(RISKS),
    ),
    # "Nid yw'r plentyn mewn perygl", "nad yw'n wynebu risg", "dyw e ddim mewn perygl".
    claim(
        NOT_AT_RISK,
        words(NOT_BE),
        r"(?:'r|'n|)",
        rf"(?:{PERSON})?",
        rf"(?:{GAP}ddim)?",
        IN,
        ADVERBS,
        words(AT_RISK),
    ),
    # "Mae camfanteisio'n annhebygol", "cam-drin wedi'i ddiystyru".
    claim(UNLIKELY, words(HARMS), IN, ADVERBS, words(UNLIKELY_STATES)),
    # "Annhebygol bod y plentyn yn cael ei gam-drin", "dim tystiolaeth o gamfanteisio".
    claim(
        UNLIKELY,
        words(DOUBTS),
        NOT_RECORDED,
        after(words(THAT)),
        rf"(?:{PERSON})?",
        IN,
        optional(words("cael ei", "cael eu")),
        rf"(?:{words(HARMING)}|{words(HARMS)})",
    ),
    # "Gellir diystyru camfanteisio" (but not "ni ellir diystyru camfanteisio").
    claim(
        UNLIKELY,
        words(RULE_OUT),
        GAP,
        optional(words("unrhyw", "y posibilrwydd o", "'r posibilrwydd o", "y", "yr")),
        words(HARMS, RULED_OUT_THINGS),
    ),
    claim(UNLIKELY, words(NO_ONE), GAP, words("yn"), GAP, words(HARMING)),
    # "Dim angen gweithredu", "does dim rhaid i chi hysbysu", "nid oes angen atgyfeiriad".
    claim(NOTHING_TO_DO, words(NEED_NOT), GAP, optional(words(TO_YOU)), ADVERBS, ACTION),
    # "Peidiwch â hysbysu", "ni ddylech gysylltu â'r gwasanaethau cymdeithasol".
    claim(NOTHING_TO_DO, words(PROHIBITIONS), GAP, ADVERBS, STRICT_ACTION),
    # "Dim byd i'w wneud", "does dim byd pellach i'w wneud".
    claim(
        NOTHING_TO_DO,
        words(NOTHING),
        GAP,
        optional(words(forms("pellach | mwy | arall | rhagor"))),
        words(TO_DO),
    ),
    # "Dim gweithredu pellach", "dim camau pellach".
    claim(
        NOTHING_TO_DO,
        words("dim", "nid oes", "does dim", "nad oes", "dim unrhyw"),
        GAP,
        words(ACTION_NOUNS),
        after(words(FURTHER)),
    ),
    # "Nid yw hysbysiad yn angenrheidiol", "mae atgyfeiriad yn ddiangen".
    claim(
        NOTHING_TO_DO,
        words(NOT_BE),
        rf"(?:'r|{GAP}y|{GAP}yr|)",
        GAP,
        words(ACTION_NOUNS),
        IN,
        ADVERBS,
        words(NEEDED),
    ),
    claim(NOTHING_TO_DO, words(ACTION_NOUNS), IN, ADVERBS, words(NEEDLESS)),
    # "Dim byd i boeni amdano", "dim rheswm i bryderu", "peidiwch â phoeni", "tawelwch meddwl".
    claim(
        NO_WORRY,
        words(LITTLE),
        GAP,
        words("i", "i chi", "ichi"),
        GAP,
        words(WORRY),
        after(words("amdano", "amdani", "yn ei gylch", "yn ei chylch", "am hyn")),
    ),
    claim(
        NO_WORRY,
        words("dim", "nid oes", "does dim", "nad oes", "heb"),
        GAP,
        words(CAUSES),
        GAP,
        optional(words("i chi", "ichi", "o gwbl")),
        optional(words("i")),
        words(WORRY),
    ),
    claim(NO_WORRY, words(DO_NOT), GAP, words(WORRY), NOT_ABOUT_THE_FORM),
    claim(NO_WORRY, words(COMFORT)),
)

# --- Words that mean a claim is not asserted ---

# Right before a claim: "os yw'r risg yn isel" (if), "nes bod" (until), "fel bod" (so that).
GOVERNING = phrases("""
    os | oni bai | nes | hyd nes | fel bod | fel y | er mwyn i | pan | cyn | cyn i |
    hyd yn oed os | boed | p'un a | ai | rhag ofn | hyd yn oed | waeth pa mor | lle | pryd bynnag
""")
GOVERNED_VERBS = phrases("nad | y | yw | oes | ydy | bod | fod | yw'r | ydy'r | yw'n | ydy'n")
GOVERNED = words(GOVERNING) + after(words(GOVERNED_VERBS)) + r"\s*$"
# "A yw", "a oes", "a fydd": "whether", before the verb it asks about.
WHETHER = rf"{words('a')}\s*$"
WHETHER_VERBS = words("yw", "ydy", "ydyw", "oes", "fydd", "ydynt", "ydyn", "yw'r", "ydy'r", "ydi")
NEGATORS = phrases("""
    nid | nad | ni | na | ddim | dim | heb | byth | peidiwch a | peidiwch ag | paid a | paid ag |
    peidio a | peidio ag | beidio a | beidio ag
""")
NEGATOR = words(NEGATORS)
NEGATED_VERBS = forms("""
    golygu | dangos | profi | dweud | awgrymu | sicrhau | gwarantu | cadarnhau | tybio | cymryd |
    casglu | credu | gwybod | bod yn siwr | bod yn sicr | siwr | sicr | tawelu | diystyru |
    derbyn | dibynnu | meddwl | cyfrif | ellir dweud | all neb | allwch fod yn siwr |
    allwch fod yn sicr | all yr offeryn | gadael i hyn | addo | honni | rhagdybio |
    caniatau i hyn | canfyddiad | dyfarniad | casgliad | barn | asesiad | penderfyniad |
    datganiad
""")
INQUIRIES = forms("""
    gwiriwch | gwirio | gofynnwch | gofyn | holwch | holi | darganfyddwch | darganfod |
    canfyddwch | canfod | sicrhewch | sicrhau | cadarnhewch | cadarnhau | ystyriwch | ystyried |
    meddyliwch am | edrychwch a | ceisiwch ddarganfod | cofiwch wirio | sefydlwch | sefydlu |
    asesu | aseswch | penderfynwch a | gweld a | gwelwch a | gwnewch yn siwr | gwnewch yn sicr
""")
DOUBTING = phrases("""
    nid yw hyn yn warant | dim sicrwydd | nid oes sicrwydd | ansicr | ddim yn siwr |
    ddim yn sicr | yn anghywir | ar gam | ni ellir bod yn siwr | yn rhy gynnar i ddweud |
    nid arwydd | nid yw hyn yn arwydd | nid yw hynny yn arwydd
""")
_DENYING = rf"{NEGATOR}{GAP}{some(WORD, 4)}{words(NEGATED_VERBS)}"
# Within one clause, a claim that follows one of these is denied or questioned: "Nid yw hyn yn
# golygu bod y plentyn yn ddiogel", "gwiriwch fod y plentyn yn ddiogel".
SCOPED = rf"(?:{_DENYING}|{words(INQUIRIES)}|{words(DOUBTING)}){GAP}{some(WORD, REACH)}$"
UNABLE = phrases("""
    ni ellir | na ellir | anodd | amhosibl | rhy gynnar i | rhy fuan i | ni allwch | ni all neb |
    ni ddylech
""")
# A claim right after one of these is turned round: "ni ellir diystyru camfanteisio".
NEGATED = rf"(?:{NEGATOR}|{words(UNABLE)}){GAP}{some(WORD, 1)}$"
