"""Reassurance in English: the claims, and the words that stop a phrase being one.

Each claim is composed from the word classes below; none is a sentence. The neutralisers are the
grammar of caution: a claim governed by "whether", "if" or "until", or following "does not mean",
"do not assume", "check" and the like, is not asserted, and so is not reassurance.
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
    optional,
    phrases,
    some,
    words,
)

# Only at the start of a clause: "Safe to go home", not "keep the child safe".
CLAUSE_START = r"\S"


def not_before(*classes: str | tuple[str, ...]) -> str:
    """A regex that holds where none of ``classes`` comes next."""
    return rf"(?!{GAP}{words(*classes)})"


# --- Who or what the text is about ---

PEOPLE = phrases("""
    child | children | young person | young people | person | patient | girl | boy | baby |
    infant | teenager | teen | adolescent | pupil | student | client | service user | kid |
    youngster | young man | young woman | toddler | son | daughter | individual | minor | victim |
    lad | lass | year old | yr old | years old
""")
DETERMINERS = phrases("the | this | that | your | our | my | a | an | these | such a")
# "the child", "the 15 year old", "a girl aged 14", "she".
_NOUN = words(PEOPLE) + r"(?: (?:aged|of) \d+)?"
_AGED = rf"(?:\d+ {_NOUN}|{_NOUN})"
PERSON = rf"(?:{maybe(words(DETERMINERS), _AGED)}|{words('he', 'she', 'they')})"
OBJECTS = phrases("her | him | them")
SITUATION = phrases("""
    everything | all | things | it all | all of this | all this | the situation | the picture |
    the case | everything else
""")

# --- To be, and what stands for it ---

AUX = phrases("""
    is | are | was | were | has been | have been | will be | would be | can be | could be |
    may be | might be | will now be | is now | are now
""")
PASSIVE = phrases("""
    considered | deemed | judged | thought | believed | assessed | found | felt | known |
    presumed | expected | regarded | assumed | rated | understood | reported | said | likely |
    certain | sure
""")
SEEMING = phrases("""
    seems | seem | seemed | appears | appear | appeared | looks | look | looked | remains | remain |
    remained | stays | stay | stayed | sounds | sound
""")
_AS = words("to be", "as", "to be as")
BE = rf"(?:{words(AUX)}(?:{GAP}{words(PASSIVE)}(?:{GAP}{_AS})?)?|{words(SEEMING)}{after(_AS)})"
# Straight after a subject: "the child's fine", "they're safe", "the child is safe".
BE_AFTER = rf"(?:'s|'re|{GAP}{BE})"
ADVERBS = some(
    words(
        phrases("""
        now | currently | still | probably | likely | most likely | almost certainly | clearly |
        obviously | definitely | certainly | surely | completely | perfectly | totally | entirely |
        absolutely | quite | very | really | fully | reasonably | relatively | fairly | pretty |
        generally | basically | essentially | apparently | reportedly | actually | indeed |
        already | in fact | at present | at the moment | for now | for the moment | right now |
        today | all | thankfully | fortunately | happily | luckily | evidently | seemingly |
        overall | broadly | largely | mostly | sufficiently | adequately | also | just | safely |
        by all accounts | as far as we know | as far as you know | to all appearances | 100% |
        altogether | undoubtedly | no doubt
    """)
    )
)

# --- Being safe ---

SAFE_STATES = phrases("""
    safe | safer | fine | ok | okay | o k | alright | all right | unharmed | out of danger |
    out of harm's way | in safe hands | in good hands | doing fine | doing ok | doing okay |
    doing alright | doing well | coping well | coping fine | coping ok | managing fine |
    managing well | getting on fine | getting on well | thriving | free from harm | free of harm |
    free from risk | free of risk | free from danger | free of danger | free from abuse |
    free of abuse | free from exploitation | free of exploitation | risk free | harm free |
    no longer in danger | safe and well | safe and sound
""")
# Reassurance unless a word follows that makes it something else: "the child is well", not
# "the child is well known".
SAFE_UNLESS = phrases("well | secure | protected | settled | unaffected | not affected")
NOT_QUALIFIED = (
    rf"(?!{GAP}(?:\w+ed\b|"
    + words(
        phrases("""
        known | aware | below | above | over | under | within | past | beyond | enough to |
        into | ahead | off | worth | thought | able | behind | by | cared for | looked after
    """)
    )
    + "))"
)
SAFE_STATE = rf"(?:{words(SAFE_STATES)}|{words(SAFE_UNLESS)}{NOT_QUALIFIED})"
FINE = phrases("""
    fine | ok | okay | alright | all right | well | in order | normal | under control | good |
    safe | satisfactory | reassuring | as it should be | as expected
""")
LEAVING = phrases("""
    to go | to leave | to return | to go home | to be discharged | for now | now | and well |
    for discharge | to discharge
""")
TITLE_END = rf"(?=\s*(?:$|[.;:!?]| {words(LEAVING)}))"

# --- Risk, concern, harm ---

RISKS = phrases("""
    risk | risks | concern | concerns | worry | worries | danger | dangers | harm |
    exploitation | abuse | cse | peril | jeopardy | cause for concern | cause for alarm |
    safeguarding issue | safeguarding issues | safeguarding problem | safeguarding problems |
    welfare issue | welfare issues | child protection issue | child protection issues |
    reason for concern | grounds for concern | issue of concern | issues of concern
""")
# "No risk assessment" is about a tool, not the child; "no harm in asking" is a way of speaking;
# "no concerns were recorded" says what was recorded.
COMPOUNDS = phrases("""
    assessment | assessments | assessing | assessor | tool | tools | score | scores | scoring |
    factor | factors | questionnaire | questionnaires | matrix | register | management | form |
    forms | template | framework | model | taking | taker | takers | rating | ratings | indicator |
    indicators | category | categories | profile | analysis | appetite | screening | in
""")
# "No concern is too small to share" asks for more, not less.
TOO_SMALL = phrases("""
    is too | are too | too | is ever too | is so small | is small enough | is trivial |
    should be ignored | can be ignored | is unimportant
""")
RISK = words(RISKS) + not_before(COMPOUNDS) + not_before(TOO_SMALL)
MINIMISERS = phrases("""
    no | zero | nil | low | lower | lowest | minimal | minimum | negligible | little | very little |
    slight | small | minor | limited | reduced | remote | very low | not much | not a lot of |
    hardly any | barely any | scarcely any | next to no | almost no | virtually no |
    practically no | without | without any | free of | free from | devoid of | absence of |
    an absence of | insignificant | low level | low level of | only a small | only a slight |
    only minor | only low | only limited | a low | no real | not any | lack of any
""")
QUALIFYING = phrases("""
    any | real | significant | serious | obvious | apparent | current | immediate | ongoing |
    further | particular | identified | known | specific | major | great | big | actual |
    genuine | evident | discernible | notable | noticeable | present | safeguarding | cse |
    exploitation | sexual exploitation | child protection | welfare | wellbeing | well being |
    cause for | cause of | grounds for | reason for | level of | levels of | degree of |
    sign of | signs of | indication of | indications of | evidence of | suggestion of |
    risk of | likelihood of | chance of | probability of | possibility of | clear | new |
    additional | more | direct | high | substantial | undue | unusual |
    worrying | concerning | pressing | urgent | outstanding | remaining | residual |
    overall | likely | possible
""")
QUALIFIERS = some(words(QUALIFYING))
# "You recorded no signs of exploitation" says what was recorded, as the tool should.
THE_RECORD = r"\brecord(?:ed)? $"
THREAT = words("threat", "threats") + not_before(COMPOUNDS) + not_before(TOO_SMALL)
LESSENING = tuple(m for m in MINIMISERS if m not in ("no", "without", "without any"))
QUALIFIED = some(words(QUALIFYING), least=1)
TO_THE_CHILD = rf"(?:{words('to', 'towards', 'against')}{GAP}(?:{PERSON}|{words(OBJECTS)}))"
FREE = phrases("risk free | harm free | danger free | concern free | worry free")
THE_RISK = phrases("the | any | overall | this | their | the overall | current")
RISK_SUBJECTS = phrases("""
    risk | risks | concern | concerns | danger | worry | worries | threat | risk level |
    level of risk | level of concern | concern level | likelihood of harm |
    likelihood of exploitation | likelihood of abuse | chance of harm | chance of exploitation |
    chance of abuse | risk of harm | risk of exploitation | risk of abuse | probability of harm |
    probability of exploitation | probability of abuse | safeguarding risk |
    safeguarding concern | safeguarding concerns
""")
LOW = phrases("""
    low | very low | minimal | minimum | negligible | small | slight | minor | limited | remote |
    none | nil | zero | absent | unlikely | reduced | lower | non existent | nonexistent |
    insignificant | not significant | not high | not serious | manageable | acceptable |
    under control | tolerable | modest | marginal | slim | at most low | only low | not great |
    not a concern | not an issue | gone | resolved | removed | lessened | diminished |
    not worrying | not concerning | not substantial | not real | unfounded | groundless
""")
NEGATORS = phrases("""
    not | never | no longer | not currently | not now | isn't | aren't | wasn't | weren't | won't |
    doesn't | don't | didn't | nor | neither
""")
NEGATOR = words(NEGATORS)
AT_RISK = phrases("""
    at risk | in danger | in harm's way | at risk of harm | at risk of exploitation |
    at risk of abuse | at risk of sexual exploitation | unsafe | vulnerable | in peril |
    in jeopardy | under threat | threatened | exposed to risk | exposed to harm |
    exposed to danger | exposed to exploitation | exposed to abuse | a concern |
    a cause for concern | a safeguarding concern | an immediate concern | concerning | worrying |
    a worry | a danger | a threat | a child at risk | a young person at risk |
    a child in need of protection | experiencing abuse | experiencing exploitation |
    experiencing harm | suffering harm | suffering abuse | at any risk | in any danger |
    a safeguarding matter | a safeguarding issue | a safeguarding case | a child protection matter |
    a child protection issue | a matter for social services | a case for social services
""")
_AT_SOME_RISK = words("at") + GAP + QUALIFIERS + words("risk")
_IN_SOME_DANGER = words("in") + GAP + QUALIFIERS + words("danger")
_SOME_RISK = words("a", "an", "any") + GAP + RISK
AT_RISK_STATE = rf"(?:{words(AT_RISK)}|{_AT_SOME_RISK}|{_IN_SOME_DANGER}|{_SOME_RISK})"
BEING = phrases("be | been | being | seem to be | appear to be | be considered | considered")
_AT = words("at", "in", "under", "at only", "exposed to")
NOT_AT_RISK_STATE = (
    rf"(?:{NEGATOR}{GAP}{optional(words(BEING))}{ADVERBS}{optional(words('being'))}"
    rf"(?:{AT_RISK_STATE}|{words('harmed', 'exploited', 'abused')})"
    rf"|{_AT}{GAP}{words(MINIMISERS)}{GAP}{QUALIFIERS}{RISK})"
)
DENIED_RISK = phrases("""
    there is not | there isn't | there are not | there aren't | there's not | there was not |
    there wasn't | we do not have | we don't have | i do not have | i don't have | do not see |
    don't see | did not find | didn't find | did not identify | didn't identify | have not found |
    haven't found | have not identified | haven't identified | do not have | don't have
""")
NOT_SHOWING = phrases("""
    do not show | does not show | did not show | don't show | doesn't show | didn't show |
    do not suggest | does not suggest | doesn't suggest | don't suggest | do not indicate |
    does not indicate | doesn't indicate | don't indicate | do not point to | does not point to |
    doesn't point to | don't point to | give no sign of | show no sign of
""")
SOME = phrases("any | much | a | an | a lot of | a great deal of | really any")

# --- Harm happening, exploitation unlikely ---

HARMS = phrases("""
    exploitation | sexual exploitation | child sexual exploitation | cse | abuse | sexual abuse |
    harm | grooming | trafficking | criminal exploitation | cce | significant harm |
    any exploitation | any abuse | any harm
""")
HARM = words(HARMS)
HARMED = words(
    phrases("""
    exploited | sexually exploited | abused | sexually abused | harmed | groomed | trafficked |
    at risk | in danger | a victim | exploited or abused | abused or exploited
""")
)
UNLIKELY_STATES = phrases("""
    unlikely | very unlikely | highly unlikely | most unlikely | improbable | implausible |
    doubtful | not likely | less likely | not probable | ruled out | excluded | discounted |
    dismissed | not happening | not occurring | not taking place | not present | not indicated |
    not suspected | not evident | not apparent | not the case | absent | not an issue |
    not a factor | not a concern | not involved | no longer happening | no longer a concern |
    not suggested | not supported | not a risk | eliminated | not going on
""")
DOUBTS = phrases("""
    unlikely | not likely | improbable | no reason to think | no reason to believe |
    no reason to suspect | nothing to suggest | nothing suggests | nothing indicates |
    nothing points to | nothing shows | no evidence | no indication | no suggestion | no sign |
    no signs | no grounds to think | no grounds to believe | no grounds to suspect | doubtful |
    nothing to indicate | nothing to show | little evidence | little to suggest |
    no real evidence | no clear evidence | no obvious sign | no obvious signs | no indications
""")
# "No signs of exploitation" says what is true; "no signs of it were recorded" what was recorded.
NOT_RECORDED = not_before(
    phrases("""
    recorded | were recorded | was recorded | have been recorded | has been recorded | noted |
    were noted | reported
""")
)
THAT = phrases("that | to be | of | for | at all that | at all of")
RULE_OUT = phrases("""
    rule out | rules out | ruled out | ruling out | exclude | excludes | excluded | excluding |
    discount | discounts | discounted | eliminate | eliminates | eliminated | dismiss | dismissed
""")
CAN_BE = phrases("can be | could be | may be | has been | have been | was | is")
RULED_OUT_THINGS = phrases(
    "risk | concern | concerns | a report | reporting | a referral | referral"
)
BELIEVERS = phrases("i | we | it | you | the practitioner | staff | the school | the family | they")
BELIEVING = phrases("""
    think | believe | consider | suspect | feel | appear | seem | look as if | look like | judge |
    assess | find | appear to us | seem to us
""")
HAPPENING = phrases("""
    is happening | is taking place | is occurring | is going on | is present | has happened |
    has taken place | is involved | is likely
""")
THERE_IS_RISK = (
    words("there is", "there are", "there's") + GAP + optional(words(SOME)) + QUALIFIERS + RISK
)
CLOSING = phrases("""
    close the case | close this case | case closed | the case can be closed | can be closed |
    close the concern | close the referral | no further involvement | sign off the case
""")
NO_ONE = phrases("no one | nobody | no one else | no adult | no one at all")
HARMING = phrases("exploiting | abusing | harming | grooming | trafficking | hurting")

# --- Nothing to do ---

ACTIONS = phrases("""
    action | actions | steps | step | referral | referrals | report | reports | reporting |
    follow up | followup | intervention | interventions | escalation | safeguarding action
""")
ACTION_QUALIFIERS = phrases("""
    further | more | additional | immediate | urgent | formal | specific | particular |
    safeguarding | next | follow up | protective | statutory | social services | police |
    onward | extra | other | real | actual | any | any further | any more
""")
NO_ACTION = (
    words("no", "nothing", "zero", "not any", "nil")
    + GAP
    + some(words(ACTION_QUALIFIERS), 2)
    + words(ACTIONS)
    + not_before("form", "forms", "template", "number", "line")
    + not_before(TOO_SMALL)
)
NEED_NOT = phrases("""
    no need | there is no need | there's no need | no requirement | no obligation | no duty |
    not necessary | unnecessary | not needed | not required | not obliged | not expected |
    don't need | do not need | does not need | doesn't need | needn't | need not | not need |
    won't need | will not need | don't have to | do not have to | doesn't have to |
    does not have to | not have to | no longer need | no longer have to | not necessary for you |
    not your job | not your responsibility | not up to you | shouldn't need | should not need |
    no call | no point | there is no point | no point in | not worth | not worth it | pointless |
    no reason | nor need | no point trying to | no point in trying to | not worth trying to |
    no cause | no grounds | no basis | no justification
""")
NEED_FOR = phrases("""
    no need for | there is no need for | there's no need for | no requirement for | no call for |
    no necessity for | no case for | no grounds for | no basis for | no reason for
""")
FOR_YOU = phrases("for you | for anyone | for the practitioner | at all | for")
# What a practitioner may be told they need not do: "report", but not "report every detail".
ABSOLUTE_ACTIONS = phrases("""
    report | refer | act | take action | take any action | take further action |
    take any further action | take steps | take any steps | do anything | do something | do more |
    do any more | do anything more | do anything else | do anything further | do much |
    escalate | intervene | follow up | follow this up | follow it up | take this further |
    take it further | take things further | pursue | keep under review |
    review | monitor | make a report | make any report | make a referral | make any referral |
    raise a concern | raise concerns | raise this | raise it | seek advice | get advice |
    reporting | referring | acting | escalating | step in |
    do a report | send a report | submit a report | file a report | notify anyone | tell anyone |
    inform anyone | contact anyone | call anyone
""")
DETAIL = phrases("""
    every | all | each | the details | details | everything | in full | in detail | exactly |
    word for word | the exact | else before | before | but | except | other than | than | until |
    at once | alone | on your own | by yourself | yourself
""")
DIRECTED = phrases("""
    tell | contact | call | phone | ring | notify | inform | alert | speak to | talk to |
    discuss it with | discuss this with | discuss with | share it with | share this with |
    share with | involve | consult | pass this on to | pass it on to | let | telling | contacting |
    calling | phoning | informing
""")
SAFEGUARDING = phrases("""
    social services | children's services | the local authority | the police | police | 999 |
    your safeguarding lead | the safeguarding lead | a safeguarding lead | your lead |
    your manager | the emergency duty team | the duty team | their social worker |
    the social worker | a social worker | the child's social worker | your named nurse |
    the named nurse | the named doctor | the mash | mash | adult services | the front door |
    the safeguarding team | your safeguarding team
""")
ANYONE = phrases("anyone | anybody | someone | a colleague | colleagues")
# "Refer to social services", but not "refer to the child as ...".
NOT_ALLUDING = rf"(?!{GAP}to{GAP}(?!{words(SAFEGUARDING, ANYONE)}))"
_DIRECTED_AT = words(DIRECTED) + GAP + optional(words("it", "this", "them", "him", "her"))
ACTION = (
    rf"(?:{words(ABSOLUTE_ACTIONS)}{NOT_ALLUDING}{not_before(DETAIL)}"
    rf"|{_DIRECTED_AT}{words(SAFEGUARDING, ANYONE)})"
)
STRICT = phrases("""
    report | refer | escalate | make a report | make a referral | reporting | referring |
    escalating | making a report | making a referral
""")
STRICT_ACTION = (
    rf"(?:{words(STRICT)}{NOT_ALLUDING}{not_before(DETAIL)}|{_DIRECTED_AT}{words(SAFEGUARDING)})"
)
PROHIBITIONS = phrases("""
    do not | don't | never | you should not | you shouldn't | you must not | you mustn't |
    should not | shouldn't | must not | mustn't | there is no point in | it is not worth |
    no point | not worth | avoid | refrain from | do not bother to | don't bother to | no need to |
    you are not to | is not to
""")
UNNEEDED = phrases("""
    needed | required | necessary | warranted | indicated | called for | appropriate | justified |
    advised | recommended | a priority | essential | mandatory | expected
""")
NEEDLESS = phrases("""
    unnecessary | unwarranted | inappropriate | premature | disproportionate | excessive |
    unjustified | optional | not needed | not required | not necessary | over the top | overkill |
    not warranted | not called for | not indicated | not justified | not appropriate |
    not advised | not recommended | not a priority | not essential | needless | not mandatory |
    not expected
""")
NEG_BE = phrases("""
    is not | isn't | are not | aren't | was not | wasn't | will not be | won't be | would not be |
    wouldn't be | may not be | might not be | is probably not | is likely not | is no longer |
    are no longer | does not seem | doesn't seem | does not appear | doesn't appear |
    is not really | isn't really | not
""")
# "A report is not needed to have every detail" is about the report, not about the child.
NOT_ABOUT_REPORT = not_before(
    "to have", "to include", "to contain", "to wait", "to be complete", "to be perfect", "before"
)
ACTION_SUBJECT = maybe(
    words("a", "any", "further", "the", "your", "this"),
    maybe(words(ACTION_QUALIFIERS), words(ACTIONS)),
) + after(words("to social services", "to the police", "to the local authority", "to anyone"))
NOT_NEEDED = (
    rf"(?:{words(NEG_BE)}{GAP}{ADVERBS}{words(UNNEEDED)}|{BE}{GAP}{ADVERBS}{words(NEEDLESS)})"
    + NOT_ABOUT_REPORT
)
DOES_NOT = phrases("""
    does not | doesn't | do not | don't | will not | won't | would not | wouldn't | need not |
    needn't
""")
NEED_VERBS = phrases("require | warrant | justify | call for | merit | need | need to lead to")
SOME_ACTION = (
    optional(words("a", "an", "any", "further", "a further", "immediate", "an immediate"))
    + optional(words(ACTION_QUALIFIERS))
    + words(ACTIONS)
)
MUST = phrases("need to | have to | must | should | are required to | are obliged to")
NOTHING_NEEDS = phrases("""
    needs to be | need be | has to be | must be | should be | is to be | to be | that needs to be |
    that must be | is | was | needs | need | that needs | is being | else needs to be | requires |
    that you need to | you need to | that you must | you must | to
""")
DONE = phrases("""
    done | do | doing | report | reporting | refer | referred | act on | action | actioned |
    follow up | followed up | needed | required | necessary | escalate | escalated | to do |
    to report | to action | to follow up | to refer | to act on | to be done | worth reporting |
    worth doing
""")
HERE = phrases("here | there | in this | in what you recorded | in the answers | at all")
MORE = phrases("more | further | else | much | else at all | more at all")

# --- Nothing to worry about ---

WORRY = phrases("""
    worry | be worried | be concerned | be alarmed | fear | panic | fret | be anxious |
    concern yourself | be afraid | lose sleep
""")
WORRIES = phrases("""
    worrying | alarm | concern | anxiety | fear | being worried | being concerned
""")
# "Don't worry if you cannot answer every question" is about the form, not the child.
NOT_ABOUT_THE_FORM = not_before(
    phrases("""
    if | whether | that you | about not knowing | about every | about all | about getting |
    about the form | about spelling | about answering | about how | about which |
    about what to write
""")
)
NOTHING_WRONG = phrases("""
    wrong | amiss | untoward | concerning | worrying | alarming | suspicious | of concern |
    out of the ordinary | to be concerned about | to worry about | to be worried about | to fear |
    to be alarmed about | of note | sinister
""")
COMFORT = phrases("""
    rest assured | you can relax | you may relax | can be reassured | can feel reassured |
    may be reassured | be reassured | can take comfort | take comfort | reassuringly |
    is reassuring | are reassuring | was reassuring | seems reassuring | very reassuring |
    reassuring news | good news | all is well | all's well | all well | all clear | all good |
    all fine | all ok | all okay | all seems well | all seems fine | can breathe easy |
    can stop worrying | is reassured | are reassured | feel reassured | set your mind at rest |
    put your mind at rest | nothing to fear
""")
DO_NOT_WORRY = phrases("""
    do not | don't | never | try not to | no need to | needn't | need not | shouldn't |
    should not | you don't need to | you do not need to | there's no need to |
    there is no need to | you need not | stop
""")
LITTLE = phrases("nothing | little | not much | not a lot | nothing much | nothing at all")
NO_CAUSE = phrases("""
    no | little | not much | nothing | no real | not any | there is no | there's no
""")
CAUSES = phrases("need | reason | cause | grounds | call | point")
SEEMS = phrases("is | seems | appears | looks | was | seemed")

CLAIMS: tuple[Claim, ...] = (
    # "The child is fine", "the young person seems completely OK", "they're safe".
    claim(SAFE, PERSON, BE_AFTER, GAP, ADVERBS, SAFE_STATE),
    # "The child is not at risk", "she seems to be at no real risk".
    claim(NOT_AT_RISK, PERSON, BE_AFTER, GAP, ADVERBS, NOT_AT_RISK_STATE),
    # "Everything is fine", "the situation looks under control".
    claim(SAFE, words(SITUATION), BE_AFTER, GAP, ADVERBS, words(FINE), NOT_QUALIFIED),
    # A title that is a verdict: "Safe.", "Child OK: no action", "Safe to go home".
    claim(
        SAFE,
        maybe(
            words(PEOPLE),
            maybe(
                words("is", "now", "probably", "likely"),
                words(SAFE_STATES, "well", "secure", "all safe"),
            ),
        ),
        TITLE_END,
        unless=CLAUSE_START,
    ),
    # "No concerns", "low risk", "no real safeguarding concern", "without risk".
    claim(NOT_AT_RISK, words(MINIMISERS), GAP, QUALIFIERS, RISK, unless=THE_RECORD),
    # "Low threat", "no significant threat", "no threat to the child"; but "with no threat and
    # no adult involved" describes the answers about images, not the child's safety.
    claim(NOT_AT_RISK, words(LESSENING), GAP, QUALIFIERS, THREAT),
    claim(NOT_AT_RISK, words("no", "without", "without any"), GAP, QUALIFIED, THREAT),
    claim(NOT_AT_RISK, words("no", "without", "without any"), GAP, THREAT, GAP, TO_THE_CHILD),
    claim(NOT_AT_RISK, words(FREE)),
    # "Risk is minimal", "the level of concern seems low", "risk: none".
    claim(
        NOT_AT_RISK,
        maybe(words(THE_RISK), words(RISK_SUBJECTS)),
        after(words("to", "for", "of", "about") + GAP + rf"(?:{PERSON}|{words(OBJECTS)})"),
        rf"(?:{BE_AFTER}|:|=){GAP}",
        ADVERBS,
        words(LOW),
    ),
    # "The child is not at risk", "not in any danger", "no longer vulnerable".
    claim(
        NOT_AT_RISK,
        NEGATOR,
        GAP,
        optional(words(BEING)),
        ADVERBS,
        optional(words("being")),
        rf"(?:{AT_RISK_STATE}|{HARMED})",
    ),
    # "There isn't any risk", "we do not have any concerns".
    claim(NOT_AT_RISK, words(DENIED_RISK), GAP, optional(words(SOME)), QUALIFIERS, RISK),
    # "The answers do not show any risk" (but "it does not show that exploitation is happening"
    # and "one sign does not show exploitation" are cautions against reading too much).
    claim(NOT_AT_RISK, words(NOT_SHOWING), GAP, words(SOME), GAP, QUALIFIERS, RISK),
    # "I do not think the child is being exploited", "it does not appear that she is at risk".
    claim(
        UNLIKELY,
        words(BELIEVERS),
        GAP,
        optional(words("do", "does", "did", "would", "will", "can", "could")),
        NEGATOR,
        GAP,
        words(BELIEVING),
        GAP,
        optional(words("that")),
        rf"(?:{optional(PERSON + BE_AFTER)}{optional(words('being', 'been', 'be'))}"
        rf"(?:{AT_RISK_STATE}|{HARMED})|{HARM}{GAP}{words(HAPPENING)}|{THERE_IS_RISK})",
    ),
    # "You can close the case", "case closed".
    claim(NOTHING_TO_DO, words(CLOSING)),
    # "No one is exploiting the child".
    claim(UNLIKELY, words(NO_ONE), GAP, words("is", "seems to be"), GAP, words(HARMING)),
    # "Exploitation is unlikely", "abuse has been ruled out", "CSE seems improbable".
    claim(UNLIKELY, HARM, rf"(?:{BE_AFTER})?{GAP}", ADVERBS, words(UNLIKELY_STATES)),
    claim(UNLIKELY, HARM, GAP, words(CAN_BE), GAP, ADVERBS, words(RULE_OUT)),
    # "Unlikely to be exploited", "nothing to suggest the child is being abused".
    claim(
        UNLIKELY,
        words(DOUBTS),
        NOT_RECORDED,
        GAP,
        optional(words(THAT)),
        optional(PERSON + BE_AFTER),
        optional(words("being", "been", "be")),
        rf"(?:{HARMED}|{optional(words('any', 'a', 'an'))}{HARM})",
        unless=THE_RECORD,
    ),
    # "We can rule out exploitation" (but not "do not rule out exploitation").
    claim(
        UNLIKELY,
        words(RULE_OUT),
        GAP,
        optional(words("any", "the", "the possibility of", "any possibility of", "a")),
        rf"(?:{HARM}|{words(RULED_OUT_THINGS)})",
    ),
    # "No further action", "NFA", "nothing more needs to be done", "nothing further."
    claim(NOTHING_TO_DO, NO_ACTION),
    claim(NOTHING_TO_DO, words("nfa", "n f a")),
    claim(
        NOTHING_TO_DO,
        words("nothing", "nothing at all"),
        GAP,
        optional(words(MORE)),
        optional(words(HERE)),
        optional(words("that", "which")),
        optional(words(NOTHING_NEEDS)),
        words(DONE),
        not_before("about it", "without", "until", "before", "with", "than"),
    ),
    claim(NOTHING_TO_DO, words("nothing"), GAP, words(MORE), r"(?=\s*(?:$|[.;:!?]))"),
    # "No need for a referral", "there is no call for any further action".
    claim(NOTHING_TO_DO, words(NEED_FOR), GAP, SOME_ACTION),
    # "No need to report", "you do not have to tell anyone", "not necessary to refer".
    claim(
        NOTHING_TO_DO,
        words(NEED_NOT),
        GAP,
        optional(words(FOR_YOU)),
        optional(words("to", "in", "of")),
        ADVERBS,
        ACTION,
    ),
    # "Do not report", "never contact social services".
    claim(NOTHING_TO_DO, words(PROHIBITIONS), GAP, ADVERBS, STRICT_ACTION),
    # "A report is not needed", "further action is unnecessary".
    claim(NOTHING_TO_DO, ACTION_SUBJECT, GAP, NOT_NEEDED),
    # "This does not warrant a referral", "it doesn't mean you need to report".
    claim(NOTHING_TO_DO, words(DOES_NOT), GAP, words(NEED_VERBS), GAP, SOME_ACTION),
    claim(
        NOTHING_TO_DO,
        words(DOES_NOT),
        GAP,
        words("mean", "mean that"),
        GAP,
        words("you", "anyone", "we"),
        GAP,
        words(MUST),
        GAP,
        ADVERBS,
        ACTION,
    ),
    # "Nothing to worry about", "no reason to be concerned", "don't worry", "all clear".
    claim(
        NO_WORRY,
        words(LITTLE),
        GAP,
        optional(words("for you", "you need", "that you need")),
        optional(words("to")),
        words(WORRY),
        after(words("about", "about it", "about this")),
    ),
    claim(
        NO_WORRY,
        words(NO_CAUSE),
        GAP,
        words(CAUSES),
        GAP,
        optional(words("for you", "at all")),
        words("to", "for", "in"),
        GAP,
        words(WORRY, WORRIES),
    ),
    claim(NO_WORRY, words(DO_NOT_WORRY), GAP, words(WORRY, "worrying"), NOT_ABOUT_THE_FORM),
    claim(
        NO_WORRY,
        words("nothing", "nothing at all"),
        GAP,
        optional(words(SEEMS)),
        words(NOTHING_WRONG),
        not_before("with", "in"),
    ),
    claim(NO_WORRY, words(COMFORT)),
)

# --- Words that mean a claim is not asserted ---

# A claim right after one of these, or a few words after an "if", is asked about or supposed,
# not said: "whether the child is safe", "until the risk is low", "if there is no reply".
GOVERNING = phrases("""
    whether | if | unless | until | till | once | so that | in order that | in case | as if |
    as though | when | whenever | even if | even when | before | sure that | whether or not |
    even | however | no matter how | not even
""")
CONDITIONS = phrases("""
    if | unless | when | until | once | whether | in case | even if | even when | before |
    where | wherever | in cases where
""")
GOVERNED = (
    rf"(?:{words(GOVERNING)}{after(words('that', 'a', 'an', 'the', 'you', 'we', 'they'))}"
    rf"|{words(CONDITIONS)}{GAP}{some(WORD, 3)})\s*$"
)
NEGATED_VERBS = phrases("""
    mean | means | meant | show | shows | shown | prove | proves | proven | proved | tell | tells |
    told | say | says | said | guarantee | guarantees | indicate | indicates | imply | implies |
    suggest | suggests | confirm | confirms | establish | establishes | demonstrate |
    demonstrates | follow | follows | assume | presume | conclude | decide | infer | think |
    believe | accept | rely | know | knows | be sure | be certain | be reassured | be taken |
    take it | take this | treat | read | count | reassure | let this reassure | let it reassure |
    mistake | take | equal | equals | signal | signals | rule out | exclude | dismiss | discount |
    promise | guess | expect | pretend | claim | claims | state | states
""")
CANNOT = phrases("""
    cannot | can't | no one can | nobody can | no tool can | nothing can | no one could
""")
DOUBTING = phrases("""
    no guarantee | not a guarantee | no proof | not proof | not a sign | not evidence |
    no assurance | not an assurance | not a reason | no reason to assume | no reason to think |
    not the same as | unsure | uncertain | not clear | not sure | not certain | unclear |
    too early to say | too soon to say | impossible to say | hard to say | cannot be sure |
    cannot know | might think | may think | tempting to think | tempted to think |
    easy to assume | easy to think | wrongly | mistakenly | falsely | wrong to conclude |
    wrong to assume | wrong to think | wrong to say | a mistake to assume | a mistake to think |
    until you know | until you are sure | until you can be sure | before you decide |
    before deciding | before concluding | until it is clear | until you have checked |
    not a finding | no finding | not a judgement | not a conclusion | not a verdict |
    not an assessment | not a statement | not a decision
""")
BEFORE_ASKING = phrases("""
    to | should | must | need to | needs to | please | then | first | always | also | and | or |
    try to | can | could | will | would | may | might | help | helps | before you | remember to |
    keep
""")
ASKING = phrases("""
    check | ask | find out | make sure | ensure | confirm | establish | consider | think about |
    explore | assess | work out | see whether | see if | look at whether | question whether |
    keep checking | keep asking | check again | verify | judge whether | decide whether
""")
STILL_ASKING = phrases("""
    checking | asking | finding out | making sure | ensuring | confirming | establishing |
    verifying
""")
_DENYING = rf"(?:{NEGATOR}|{words(CANNOT)}){GAP}{some(WORD, 3)}{words(NEGATED_VERBS)}"
_ASKED = rf"(?:^|{words(BEFORE_ASKING)}{GAP}){words(ASKING)}"
_SCOPE = rf"{GAP}{some(WORD, REACH)}$"
# Within one clause, a claim that follows one of these is denied or questioned: "This does not
# mean the child is safe", "do not assume there is no risk", "check the child is safe".
SCOPED = rf"(?:{_DENYING}|{words(DOUBTING)}|{_ASKED}|{words(STILL_ASKING)}){_SCOPE}"
UNABLE = phrases("""
    cannot | can't | impossible to | hard to | difficult to | too early to | too soon to |
    unable to | no one can | nobody can | never
""")
NOTHING = phrases("""
    nothing | no answer | no single answer | no one answer | none of this | none of these |
    no sign | no tool
""")
# A claim right after one of these is turned round: "do not rule out exploitation", "nothing
# you recorded rules out exploitation".
NEGATED = (
    rf"(?:(?:{NEGATOR}|{words(UNABLE)}){GAP}{some(WORD, 1)}|{words(NOTHING)}{GAP}{some(WORD, 3)})$"
)
