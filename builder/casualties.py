"""Read how many people were killed and injured from an article's headline and lead.

News states the toll in the headline and the first sentences, so only those are read; later
sentences often give other tolls (a city's weekend, a year's homicides) that are not the event's.

In order of preference:
1. A stated count: 'two people were killed', 'killing three', 'left 4 dead', 'five people were
   shot, two fatally' (three injured), 'the death toll rose to 247', 'injured more than 1,000',
   'no casualties' (0 and 0). 'Dozens were injured' leaves the count unknown, not one. A total
   ('a total of five') wins over a partial count; sentences that tally many events ('since
   Friday', 'this year') are skipped.
2. A single victim: 'a man was shot and killed', 'fatal shooting', 'died' without a number mean
   one death; 'a boy was shot and is in critical condition' one injured. A second victim counts
   only when marked as another person ('the woman was also shot').
3. The victims an article describes are all the victims it knows of: when it reports deaths and
   no one wounded, injured reads as 0, and when it reports wounded and no death, killed reads as
   0. Such counts are marked `inferred`, so a reader can tell them from stated ones.
4. Attackers who died are among the dead, as the Gun Violence Archive and the Global Terrorism
   Database count them: 'killing three people before he was shot dead by police' is four dead
   (a toll that already includes them, 'five dead, including the gunman', is kept).
Nothing said about victims at all gives None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from builder import datafiles
from builder.downed import Finds, NotDowned
from builder.models import CountClaim
from builder.text import NUMBER_WORDS, ONE_WORD_NUMBERS, number_value

LEAD = 8  # sentences after the headline that are read


def _demonyms() -> str:
    """The listed demonyms as one alternation, grouped by first letter so that a word is tried
    against a few of them only. Written with their capital, so "Paris" and "Memphis" are not
    people, as they were by their endings ("-is", "-ans") when these were read by shape."""
    listed = datafiles.load("demonyms.yml").get("demonyms") or []
    by_letter: dict[str, list[str]] = {}
    for word in listed:
        if not isinstance(word, str) or not word[:1].isupper():
            raise ValueError(
                f"builder/data/demonyms.yml: demonyms: {word!r} is not a capitalised word; write"
                " each demonym as a plural with its capital, e.g. Iraqis"
            )
        # a plural in -s also matches its singular: "an Iraqi and two Syrians"
        form = re.escape(word[1:-1]) + "s?" if word.endswith("s") else re.escape(word[1:])
        by_letter.setdefault(word[0], []).append(form)
    return "|".join(
        letter + "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"
        for letter, forms in sorted(by_letter.items())
    )


_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"

# "1,000", "217", "forty-one", "a dozen": big tolls (quakes, fires) are written with thousands
# separators and compound number words; never a number's decimals ("a quake of magnitude 7.8
# killed 1,200" is no toll of 8)
_NUMBER = (
    r"(?P<n>(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?![\d,.]\d)|\d{1,4}(?![\d,.:-]\d|-))|a dozen|"
    r"a hundred|"
    rf"a couple of|a pair of|{_TENS}[- ]{_UNITS}|" + ONE_WORD_NUMBERS + r")(?![\w-])"
)
_PERSON = (
    r"(?:people|persons?|civilians?|soldiers?|troops|officers?|police(?:m[ae]n)?|children|"
    r"kids?|students?|m[ae]n|wom[ae]n|victims?|residents?|workers?|others?|americans|"
    r"service ?members?|members?|[\w]+-year-olds?|teens?|teenagers?|boys?|girls?|child|adults?|"
    r"individuals?|family members|relatives|brothers?|sisters?|sons?|daughters?|toddlers?|"
    r"infants?|babies|baby|siblings|cousins?|friends?|bystanders?|passengers?|suspects?|"
    r"gunm[ae]n|patrons?|customers?|guests?|minors|youths?|juveniles?|pedestrians?|"
    r"villagers?|worshipp?ers?|pilgrims?|tourists?|protesters?|demonstrators?|militants?|"
    r"insurgents?|rebels?|fighters?|firefighters?|miners?|crew(?: members)?|employees?|staff|"
    r"inmates?|prisoners?|refugees?|migrants?|hostages?|shoppers?|spectators?|fans?|guards?|"
    r"marines?|sailors?|pupils?|journalists?|patients?|policem[ae]n|personnel|militiam[ae]n|"
    r"contractors?|diplomats?|peacekeepers?|rescuers?|paramedics?|doctors?|nurses?|teachers?|"
    r"interpreters?|translators?|"
    r"farmers?|fishermen|traders?|vendors?|motorists?|commuters?|drivers?|locals|"
    r"nationals?|citizens?|foreigners?|expatriates?|"
    # people named by a nation, a people or a faith: "two Iraqis", "three Palestinians"
    rf"(?-i:{_demonyms()}))"
)
# up to three words between the number and the people ("two young Chicago men", "3 more",
# "four U.S. troops")
_PEOPLE = (
    # not another number: "A gunman shot 4 people dead" is no "a ... people dead"
    rf"(?P<who>(?:(?:(?!(?:\d[\d,]*|{ONE_WORD_NUMBERS})\s)[\w-]+|(?:[A-Z]\.){{2,3}})\s+){{0,3}}?{_PERSON}\s+"
    # "seven members of one family", "two members of the security forces"
    rf"(?:of\s+(?:the|a|an|one|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?(?:family|families|"
    rf"forces?|team|crew|unit|militia|group|police|army|staff|community)\s+)?"
    rf"(?:(?:on board|aboard|inside)\s+)?|more\s+)?"
)
_AUXILIARY = r"(?:were|was|have been|had been|has been|are|is|got|get|have|has|had)\s+"
_ADVERB = (
    r"(?:(?:also|reportedly|all|found|later|critically|seriously|accidentally|confirmed|reported|"
    r"now)\s+)?"
)
_BE = rf"(?:{_AUXILIARY})?{_ADVERB}"
_KILLED_WORDS = (
    r"(?:killed|dead|died|die|slain|murdered|drowned|fatally (?:shot|wounded|injured|struck)|"
    r"shot (?:and killed|& killed|dead)|lost their lives|dies|perished|"
    r"(?:shot|stabbed|beaten|burned|burnt|hacked|crushed|trampled|bludgeoned) to death|"
    # "two soldiers suffered fatal injuries", "three succumbed to their wounds"
    r"(?:suffered|sustained|received)\s+(?:[\w-]+\s+)?(?:fatal|mortal)\s+(?:injuries|wounds)|"
    r"succumbed to (?:their|his|her) (?:injuries|wounds)|pronounced dead)(?!-)"
)
# Every alternative of _KILLED_WORDS has one of these stems, in lower case: a pattern that ends
# with those words is not tried on a sentence without them (_needing)
_KILLED_STEMS = (
    "kill", "dead", "die", "slain", "murder", "drown", "fatal", "mortal", "lives", "perish",
    "death", "succumb",
)  # fmt: skip
_SHOT_NOT_FATAL = r"(?P<shot>shot)(?! (?:and|&) killed| to death| dead| and fatally)"
_INJURED_WORDS = (
    rf"(?:injured|wounded|hurt|hospitali[sz]ed|critical(?:ly (?:injured|wounded))?|"
    rf"(?P<hospital>taken to (?:a |the |local )?hospitals?)|"
    # "13 people were treated for burns", "four others were treated for smoke inhalation"
    rf"treated (?:for (?:[\w-]+\s+){{0,2}}?(?:burns|injuries|wounds|smoke inhalation|cuts|"
    rf"bruises|fractures)|and released)|"
    # "four troops suffered minor injuries", not "suffered fatal injuries"
    rf"(?:suffered|sustained|received)\s+(?:(?!fatal|mortal)[\w-]+\s+){{0,3}}?injuries|"
    rf"{_SHOT_NOT_FATAL})"
)
# ... and of _INJURED_WORDS ("suffered minor injuries", "taken to hospital", "treated for burns")
_INJURED_STEMS = ("injur", "wound", "hurt", "hospital", "critical", "treated", "shot")
# "a man killed his wife": the subject is the killer, not a victim
_NO_OBJECT = (
    r"(?!\s+(?:his|her|their|its|a|an|the|\d+|one|two|three|four|five|six|several|him|them|"
    r"herself|himself)\b)"
)
_LEAST = (
    r"(?P<least>at least |a total of |as many as |more than |well over |over |nearly |almost |"
    r"about |around |some |roughly |approximately |up to |close to )?"
)
# Of these, the ones that make the count a lower bound. Patterns that start with the number do
# not read them (they would be tried at every word); the words before the number are looked at.
_LOWER_BOUND = re.compile(r"at least|more than|over")
_LOWER_BOUND_BEFORE = re.compile(r"(?:at least|more than|over)\s+$", re.I)

# The words each pattern cannot match without, in lower case: a sentence that lacks all of them
# is not searched with it (the patterns that start with a number are tried at every word)
_NEEDS: dict[int, tuple[str, ...]] = {}  # by id: hashing a compiled pattern hashes its code


class _OnFirstUse:
    """A pattern compiled when a sentence first has one of its words: most are several thousand
    characters (_PEOPLE), an article's lead has the words of a few, and compiling all of them
    when the module loaded was most of the import of the extraction modules, which the one
    article a build adds waits for."""

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, re.I)
        return self._compiled.finditer(string)


def _needing(words: tuple[str, ...], pattern: str) -> Finds:
    searched: Finds = _OnFirstUse(pattern)
    if "shot" in words:
        # an aircraft "shot down" is no one shot (builder/downed.py): "a helicopter carrying
        # troops was shot down" is not "troops ... shot"
        searched = NotDowned(searched)
    _NEEDS[id(searched)] = words
    return searched


_KILLED = [
    # "the ambassador and three other Americans were killed": the three and the one named
    _needing(
        ("other",),
        rf"\band\s+(?P<plus>){_LEAST}{_NUMBER}\s+others?\s+(?:{_PERSON}\s+)?{_BE}{_KILLED_WORDS}\b",
    ),
    # "two people were killed", "3 dead", "four found shot to death"
    _needing(_KILLED_STEMS, rf"\b{_NUMBER}\s+{_PEOPLE}{_BE}{_KILLED_WORDS}\b{_NO_OBJECT}"),
    # "claiming the lives of 53 people"
    _needing(("lives",), rf"\bclaim(?:ing|ed|s)? the lives of\s+{_LEAST}{_NUMBER}"),
    # "killing two", "kills 3 people", "shot dead five guards", "left 4 dead"
    _needing(
        ("kill", "shot dead", "gunn"),
        rf"\b(?:killing|kills|killed|shot dead|gunned down|gunning down)\s+{_LEAST}{_NUMBER}"
        rf"(?:\s+{_PEOPLE})?",
    ),
    _needing(("lea", "left"), rf"\b(?:leaving|left|leaves)\s+{_LEAST}{_NUMBER}\s+{_PEOPLE}dead\b"),
    # "a gunman shot four people dead"
    _needing(("shot", "shoot"), rf"\bsho(?:t|ots|oting)\s+{_LEAST}{_NUMBER}\s+{_PEOPLE}dead\b"),
    # "blew himself up, killing himself and 12 others": the others, and the attacker (added
    # as a suicide by _with_listed)
    _needing(
        ("himself", "herself"),
        rf"\bkill(?:ing|ed|s) (?:himself|herself) and\s+{_LEAST}{_NUMBER}",
    ),
    # "the death toll rose to 247", "a death toll of 12": quakes, fires and bombings are counted
    # as a toll that rises
    _needing(
        ("toll",),
        rf"\b(?:death )?toll\b(?:[^.;]{{0,100}}?\b(?:has |had |have )?(?:(?:rose|rises|risen|"
        rf"rising|climbed|climbs|jumped|reached|hit|increased|stands|stood|now stands)"
        rf"(?: from [\d,]+| from [a-z]+)?(?: upwards?| downwards?)?(?: at| to)?|"
        # "a previous toll of eight was revised to twelve": the revised one; "updated at 9" is
        # the hour it was given
        rf"(?:revised|raised|updated|corrected)(?: from [\d,]+| from [a-z]+)?"
        rf"(?: upwards?| downwards?| up| down)? to)|"
        rf" (?:of|at|is|was|to))\s+{_LEAST}{_NUMBER}",
    ),
    # "the number of people killed rose from 12 to 19"
    _needing(
        ("number",),
        rf"\bnumber (?:of (?:people |those )?)?(?:killed|dead|deaths|fatalities)\b[^.;]{{0,60}}?"
        rf"\b(?:rose|rises|risen|climbed|jumped|reached|increased)(?: from [\d,]+| from [a-z]+)?"
        rf" to\s+{_LEAST}{_NUMBER}",
    ),
    # "found the bodies of four people", "12 bodies were recovered", "kills family of five"
    _needing(("bodies",), rf"\bbodies of\s+{_LEAST}{_NUMBER}"),
    _needing(("bodies",), rf"\b{_NUMBER}\s+(?:more\s+)?bodies\b"),
    _needing(("family of",), rf"\b(?:killing|kills|killed)\s+(?:a\s+)?family of\s+{_NUMBER}"),
    _needing(
        ("family of",),
        rf"\bfamily of\s+{_NUMBER}\s+(?:(?:were|was|are|is|all|found)\s+)*(?:killed|dead|died)\b",
    ),
    # "the quake caused 12 deaths", "there were 4 fatalities"
    _needing(("deaths", "fatalities"), rf"\b{_NUMBER}\s+(?:confirmed\s+)?(?:deaths|fatalities)\b"),
    # "five people were shot, two fatally"
    _needing(
        ("fatally", "mortally"),
        rf"\b{_NUMBER}\s+(?:of them\s+|others?\s+)?(?:fatally|mortally)\b",
    ),
]
_INJURED = [
    _needing(
        ("other",),
        rf"\band\s+(?P<plus>){_LEAST}{_NUMBER}\s+others?\s+(?:{_PERSON}\s+)?{_BE}{_INJURED_WORDS}\b",
    ),
    _needing(_INJURED_STEMS, rf"\b{_NUMBER}\s+{_PEOPLE}{_BE}{_INJURED_WORDS}\b"),
    # "wounding at least three people", "critically wounding another"
    _needing(
        ("wound", "injur", "shooting"),
        # "shooting three co-workers, killing two": the people shot include the dead
        rf"\b(?:wounding|injuring|wounds|injures|(?P<shot>shooting))\s+{_LEAST}(?:{_NUMBER}|(?P<another>"
        rf"another))(?:\s+{_PEOPLE})?",
    ),
    # "killed 50 people and injured more than 700": the verb, with people or nothing after it
    _needing(
        ("wounded", "injured"),
        rf"\b(?:wounded|injured)\s+{_LEAST}{_NUMBER}(?:\s+{_PEOPLE}|(?=\s*(?:[,.;]|and\b|$)))",
    ),
    _needing(
        ("lea", "left"),
        rf"\b(?:leaving|left|leaves)\s+{_LEAST}{_NUMBER}\s+{_PEOPLE}(?:injured|wounded|hurt)\b",
    ),
    # "caused 12 deaths and 40 injuries", "sent 5 others to hospital", "minor injuries to two
    # coalition personnel"
    _needing(("injuries",), rf"\b{_NUMBER}\s+(?:other\s+)?injuries\b"),
    _needing(("injuries to",), rf"\binjuries to\s+{_LEAST}{_NUMBER}\s+{_PEOPLE}"),
    _needing(
        ("sent", "sending"), rf"\bsen(?:t|ding)\s+{_LEAST}{_NUMBER}\s+{_PEOPLE}to (?:the )?hospital"
    ),
]
# Numbers that are not counts of people: dates ("Sept. 3 died"), ages ("12 year-old") and the
# children a victim had ("a mother of 2 was killed" is one death).
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$|"
    r"\b(?:mother|father|mom|dad|parent|grandmother|grandfather|grandparent)s? of\s+$",
    re.I,
)
# ... and times, distances and shots ("around 2 a.m.", "shooting 3 times", "over 10 miles",
# "shot dead 2 blocks from his home"), and "a number of people" (how many is not said)
_NOT_A_COUNT_AFTER = re.compile(
    r"\s*(?:years?[- ]old|-year|months?[- ]old|%|percent|[ap]\.?m\b|o'clock|number of\b|"
    r"(?:hours?|minutes?|"
    r"days?|weeks?|months?|years?|miles?|feet|yards?|metres?|meters?|km|kilomet(?:re|er)s?|"
    r"blocks?|doors?|times|shots|rounds|bullets)\b)",
    re.I,
)

# Searched in the lower-cased sentence (_tallies), as _HURT, _OTHERS_HURT, _NO_DEATHS and
# _NO_INJURIES are: Python's re searches two to three times slower case-insensitively.
_TALLY = re.compile(
    r"\bsince (?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|january|the start)\b|"
    r"\b(?:this|last|so far this|so far in the) (?:year|weekend|month)\b|"
    r"\bin (?:separate|\d+ separate|other) (?:shootings|incidents|attacks)\b|\bso far this\b|"
    r"\bhomicides? (?:this|in \d{4})\b|\bper (?:year|day)\b|"
    r"\bin the (?:past|last) (?:\w+ )?(?:days|weeks|months|years)\b|"
    r"\b(?:violent|bloody|deadly) (?:24 hours|weekend|night|week)\b|\bacross the (?:city|state)\b"
)

# Words that compare the event with another: "similar to one last year", "like one in 2019". The
# time after them dates the other event, not this one nor a tally.
_COMPARISON = (
    r"\b(?:similar to|like|as in|reminiscent of|echoing|recalling|mirroring|resembling)\s+"
    # not "attacks like this one": this event among others
    r"(?!th(?:is|ese)\b)(?:[\w'’-]+\s+){0,5}?"
)
# "the fire last month that killed 40", "last year's bombing", "an attack last month killed
# three", "similar to one last year": one event dated by those words, not a tally
_ONE_EVENT_THEN = re.compile(
    rf"(?i){_COMPARISON}(?:last|this) (?:year|weekend|month)\b|"
    r"\b(?:last|this) (?:year|weekend|month)(?:['’]s\b|,? (?:that|which|when|in which)\b)|"
    r"\b(?:attack|bombing|blast|explosion|fire|shooting|strike|quake|earthquake|raid|ambush|"
    r"massacre|crash)\s+(?:[\w-]+\s+){0,5}?(?:last|this) (?:year|weekend|month)\b"
)


@lru_cache(maxsize=1024)  # asked of each lead sentence up to six times
def _tallies(sentence: str) -> bool:
    """Whether a sentence tallies many events ('nine killed in the city since Friday')."""
    return bool(_TALLY.search(sentence.lower())) and bool(
        _TALLY.search(_ONE_EVENT_THEN.sub(" ", sentence).lower())
    )


_NONE_AT_ALL = re.compile(
    r"\bno (?:immediate )?(?:reports? of )?(?:reported )?"
    r"(?:(?:damage|injuries|deaths) (?:or|and) )?(?:casualties|casulaities|victims)\b|"
    # "no immediate reports of U.S. casualties"; not "no other casualties", "no word on casualties",
    # nor "no civilian casualties", "no serious casualties": others may have been killed or hurt
    r"\bno (?:immediate )?(?:reports? of )?(?:(?!(?:other|more|further|word|details?|information|"
    r"news|confirmation|indication|figures?|on|about|of|civilian|serious|major|mass|significant|"
    r"heavy)\b)[\w.'’-]+\s+){1,2}?casualties\b|"
    r"\bwithout (?:causing )?casualties\b|"
    r"\bno(?:[ -]one|body| personnel) (?:(?:was|were|is|has|had|have|been|be|believed|reported|"
    r"thought|to|have)\s+){0,5}(?:hurt|injured|harmed|killed)\b|"
    r"\bcaused no casualties\b|\bno casualties (?:were|have been) reported\b|"
    r"\bno(?:[ -]one|body) (?:was|were) (?:struck|hit)\b|"
    # "No Americans were harmed", "no U.S. personnel were injured" (not "no other people")
    rf"\bno\s+(?!other\b|more\b|further\b)(?:[\w.'’-]+\s+){{0,2}}?{_PERSON}\s+"
    r"(?:were|was|have been|had been)\s+(?:\w+\s+)?(?:hurt|injured|harmed|wounded)\b",
    re.I,
)
_NO_INJURIES = re.compile(
    r"\bno (?:other )?(?:immediate )?(?:reports? of )?(?:injuries|one else was (?:hurt|injured))"
    r"\b|\bno(?:[ -]one|body) (?:else )?(?:was|were) (?:hurt|injured)\b|"
    r"\bno(?:body|[ -]one) else was (?:hurt|injured|shot)\b|\bno other (?:injuries|victims)\b"
)
_NO_DEATHS = re.compile(r"\bno (?:deaths|fatalities)\b|\bno(?:[ -]one|body) (?:was|were) killed\b")
# Victims many but not counted ("hundreds were injured", "dozens of people killed"): the count
# is unknown, not one
_MANY = (
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "several",
    "many",
    "numerous",
    "multiple",
    "an unknown number",
    "a number",
    "tens",
)
_UNCOUNTED = re.compile(
    # "several U.S. service members were injured", "dozens more were wounded"
    rf"\b(?:{'|'.join(_MANY)})\s+(?:of\s+)?(?:(?:more|other|the|(?-i:[A-Z])[\w.'’-]*)\s+){{0,2}}"
    rf"(?:{_PERSON}\s+)?"
    r"(?:(?:were|are|have been|had been)\s+)?(?:(?P<hurt>injured|wounded|hurt)|"
    r"(?P<dead>killed|dead|died))\b|"
    # the verb first: "killing at least 25 and wounding dozens", "injuring several service
    # members", "wounding an unknown number of people"
    rf"\b(?:(?P<hurting>wounding|injuring|hurting|wounded|injured)|(?P<killing>killing|killed))\s+"
    rf"(?:(?:at least|more than|over|nearly|another)\s+)?(?:{'|'.join(_MANY)})\b",
    re.I,
)


_OTHERS_HURT = re.compile(r"\b(?:injuring|wounding|hurting|injured|wounded)\s+others\b")


# One death, when no number is given: "fatally shot", "shot and killed", "died", "homicide".
_DEATH = re.compile(
    r"\b(?:fatal(?:ly)?|deadly|killed|kill(?:s|ing)?|died|dies|dead(?!-| ?end)|death|slain|drowned|"
    r"murder(?:ed|s)?|homicide|mortally|lifeless|pronounced dead|shot to death|passed away|"
    r"claim(?:ed|s)? (?:the |a |his |her )?li(?:fe|ves)|suicide|took (?:his|her) own life)\b",
    re.I,
)
# Words about death that say nothing about this event's victims.
_NOT_A_DEATH = re.compile(
    r"\bdeath (?:penalty|row|threats?|sentences?)\b|\bkill(?:ing)? time\b|"
    r"\bthreat(?:ened|ening)? to kill\b|"
    r"\battempted (?:premeditated )?(?:murder|suicide)\b|\bnear[- ]death\b|"
    r"\bcould have (?:been )?(?:killed|died)\b|\bsuicide (?:watch|attempt|prevention|hotline)\b",
    re.I,
)
# Two deaths at least: a killing followed by the killer's suicide.
_MURDER_SUICIDE = re.compile(
    r"\bmurder[- ]suicide\b|\b(?:killed|shot|kills|shoots)\b[^.]{0,80}\b(?:and then|then|before)\b"
    r"[^.]{0,30}\b(?:himself|herself)\b",
    re.I,
)
# Victims named without a number: "mother, 8-year-old son shot and killed", "killed his wife
# and two daughters before turning the gun on himself".
_KIN = re.compile(
    r"^(?:wife|husband|mother|father|mom|dad|son|sons|daughters?|child|children|kids?|girl|"
    r"girls|boy|boys|m[ae]n|wom[ae]n|grand(?:father|mother|son|daughter|children|parents)s?|"
    r"parents|brothers?|sisters?|girlfriend|boyfriend|fianc[ée]e?|baby|infant|toddler|couple|"
    r"teens?|teenagers?|nephew|niece|uncle|aunt|cousin|stepfather|stepmother|stepson|"
    r"stepdaughter|[\w]+-(?:year|month|week)-olds?|self|himself|herself|family|siblings?|"
    r"relatives?|friends?|roommates?|neighbou?rs?|victims?|people|persons?|adults?|"
    # people named by their role: "killing a police officer and a bomb technician"
    r"officers?|deput(?:y|ies)|troopers?|technicians?|guards?|soldiers?|civilians?|workers?|"
    r"drivers?|firefighters?|teachers?|students?|nurses?|doctors?|pilots?|passengers?|"
    r"bystanders?|employees?|clerks?|journalists?|policem[ae]n|worshipp?ers?|tourists?|"
    r"bombers?|gunm[ae]n|attackers?|assailants?|suspects?|shooters?|others?)$",
    re.I,
)
# "killing two people ... and the fatal shooting of his wife": one more death, named after the toll
_ALSO_KILLED = re.compile(
    r"(?i)\band (?:in )?the (?:fatal shooting|killing|murder|slaying|death) of (?:his|her|their|"
    r"an?) (?:[\w-]+ )?(?P<kin>[\w-]+)\b"
)
_KIN_SINGULAR_S = re.compile(r"(?i)boss|actress")
_PAIR = re.compile(r"(?i)parents|couple|grandparents")
_ITEM = r"(?:(?:[\w'-]+|(?:[A-Z]\.){2,3})\s+){0,3}?[\w'-]+"  # "two U.S. soldiers"
_LIST = rf"(?P<list>{_ITEM}(?:(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+){_ITEM}){{0,5}}?)"
_DEAD_LIST = re.compile(
    rf"(?:^|[:;(—–-]\s|\b(?:left|leaving|after|when)\s+){_LIST},?\s+(?:were|are|was|is|both)?\s*"
    rf"(?:found\s+)?(?:shot (?:and|&) killed|fatally shot|shot to death|shot dead|killed|dead|"
    rf"died)\b",
    re.I,
)
_KILLED_LIST = re.compile(
    rf"\b(?:killed|killing|kills|murdered|murdering|shot and killed|fatally shot|fatally "
    rf"shooting)\s+{_LIST}(?:,?\s+(?:and|before|then|and then)\s+(?:then\s+)?(?P<self>(?:turning "
    rf"the gun on|killing|shooting|kills|killed|shot)?\s*(?:himself|herself|self)|(?:taking|took) "
    rf"(?:his|her) own life))?(?=[,.;:]|\s+(?:in|at|on|inside|near|before|after|with)\b|$)",
    re.I,
)
_SELF_KILL = re.compile(
    r"\b(?:commit(?:s|ted)? suicide|(?:kill(?:s|ed|ing)?|shot|shoots|shooting|turn(?:s|ed|ing)? "
    r"the gun on) (?:himself|herself)|, (?:then )?(?:himself|herself|self)\b|"
    r"(?:took|takes|taking|take) (?:his|her) own life|"
    # a suicide bomber: "blew himself up at a mosque, killing 12"
    r"(?:blew|blowing|blows) (?:himself|herself) up\b)",
    re.I,
)
# "a girl died after accidentally shooting herself": the one who died, not a second death
_OWN_DEATH = re.compile(
    r"\b(?:after|when|while)\s+(?:(?:he|she)\s+)?(?:\w+ly\s+)?(?:shooting|shot|shoots)\s+"
    r"(?:himself|herself)\b",
    re.I,
)
_MULTIPLE = re.compile(
    r"\b(?P<times>double|triple|quadruple)[- ](?:murder|homicide|killing|fatal shooting)s?"
    r"(?P<suicide>[- ]suicide)?\b",
    re.I,
)
_MULTIPLE_COUNTS = {"double": 2, "triple": 3, "quadruple": 4}

# One person hurt, when no number is given (searched in the lower-cased sentence); not an
# aircraft "shot down" (builder/downed.py).
_HURT = NotDowned(
    re.compile(
        r"\b(?:was|were|is|been|got|being)\s+(?:also\s+|reportedly\s+|accidentally\s+)?"
        r"(?:shot|wounded|injured|hurt|hospitali[sz]ed|grazed)\b"
        r"(?! (?:and|&) killed| to death| dead)|"
        r"\b(?:critical|stable|serious|fair|good|guarded|grave) condition\b|"
        r"\bnon-?life[- ]threatening\b|\b(?:minor|serious|severe|critical|life-threatening|head) "
        r"injuries\b|\bsurvived\b|\bexpected to (?:survive|recover|be okay|live)\b|"
        r"\b(?:wounded|injured)\b|"
        r"\bgunshot wounds?\b|\bshot (?:in|through) the (?:head|face|chest|leg|arm|back|neck|"
        r"stomach|abdomen|foot|hand|shoulder)\b|\bshoot(?:s|ing)? (?:himself|herself)\b"
    )
)
# A victim besides the one who died: "the woman was also shot", "another was wounded", "shot
# his brother to death and wounded his mother".
_ANOTHER = re.compile(
    r"\b(?:also|another|a second|second victim|the other victim|as well)\b[^.;]{0,40}"
    r"\b(?:shot|wounded|injured|hurt|hospitali[sz]ed|critical)|"
    r"\b(?:wounded|wounding|injured|injuring) (?:his|her|their|a|an)\b|"
    r"\b(?:dead|killed|died)\b[^.;]{0,40}?(?:,\s*|\band\s+)(?:his|her|their|a|an|the)?\s*[\w-]+"
    r"(?: [\w-]+)?\s+(?:(?:was|is)\s+)?(?:in (?:a )?)?(?:wounded|injured|hurt|critical)\b",
    re.I,
)


@dataclass(frozen=True)
class _Count:
    claim: CountClaim
    start: int
    by_shot: bool  # counted people shot, which may include those who died


def _one_more(sentence: str, match: re.Match[str]) -> int:
    """1 when the count follows a person it adds to ('the ambassador and three other Americans
    were killed'), 0 when it follows a clause ('a man was killed and two others wounded')."""
    if match.groupdict().get("plus") is None:
        return 0
    before = re.split(r"[,;:.]", sentence[: match.start()])[-1]
    return 0 if _CLAUSE.search(before) or not before.strip() else 1


_CLAUSE = re.compile(
    r"(?i)\b(?:was|were|is|are|had|has|have|killed|killing|died|dead|wounded|wounding|injured|"
    r"injuring|hurt|shot|shooting|said|says)\b"
)


def _has_any(lowered: str, words: tuple[str, ...]) -> bool:
    """Whether a lower-cased text has one of the words in it (map: no generator to step)."""
    return any(map(lowered.__contains__, words))


def _first_count(sentence: str, patterns: Sequence[Finds]) -> _Count | None:
    best: _Count | None = None
    lowered = sentence.lower()
    for pattern in patterns:
        needs = _NEEDS.get(id(pattern))
        if needs is not None and not _has_any(lowered, needs):
            continue
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            if groups.get("another"):
                value = 1
            else:
                word = groups["n"]
                if word.lower() in ("a", "an", "no") and not groups.get("who"):
                    continue  # "fired a shot" counts no one
                if _NOT_A_COUNT_BEFORE.search(sentence[: match.start("n")]):
                    continue
                if _NOT_A_COUNT_AFTER.match(sentence, match.end("n")):
                    continue
                value = number_value(word) + _one_more(sentence, match)
            least = groups.get("least") or ""
            at_least = bool(_LOWER_BOUND.match(least)) or bool(
                _LOWER_BOUND_BEFORE.search(
                    sentence, max(0, match.start("n") - 12), match.start("n")
                )
            )
            claim = CountClaim(value, sentence, at_least=at_least)
            if best is None or match.start() < best.start:
                # people shot or taken to hospital may include those who died
                by_shot = bool(groups.get("shot") or groups.get("hospital"))
                best = _Count(claim, match.start(), by_shot)
            break
    return best


# Every count pattern needs one of these stems; most sentences have none and are passed over.
# Searched in the lower-cased sentence, which is faster than searching case-insensitively.
_ANY_CASUALTY = re.compile(
    r"kill|dead|die|slain|murder|fatal|shot|shoot|wound|injur|hurt|hospital|critical|drown|"
    r"casualt|victim|lives|death|toll|perish|bodies|family of|treated"
)


def _stated_counts(sentence: str) -> tuple[_Count | None, _Count | None]:
    if not _ANY_CASUALTY.search(sentence.lower()):
        return None, None
    killed = _with_listed(sentence, _first_count(sentence, _KILLED))
    injured = _first_count(sentence, _INJURED)
    if injured is None or not injured.by_shot:
        return killed, injured
    if killed is not None:
        return killed, _less_dead(injured, killed.claim)
    if _mentions_death(sentence[injured.start :]):
        # "the two were shot and died at the scene"
        return _Count(injured.claim, injured.start, by_shot=False), None
    return None, injured


def _less_dead(shot: _Count, killed: CountClaim) -> _Count | None:
    """People shot include those who died: 'five were shot, two fatally' leaves three hurt."""
    if shot.claim.value <= killed.value:
        return None
    claim = CountClaim(shot.claim.value - killed.value, shot.claim.sentence, shot.claim.at_least)
    return _Count(claim, shot.start, by_shot=False)


def _with_listed(sentence: str, killed: _Count | None) -> _Count | None:
    """A stated death toll, completed by the other victims the sentence lists and the killer's
    suicide: '3 adults, 1 child found dead' = 4, 'killed 2 daughters, then himself' = 3."""
    if killed is None:
        return None
    value = killed.claim.value
    for also in _ALSO_KILLED.finditer(sentence, killed.start):
        if _KIN.match(also.group("kin")):
            value += 1  # "killing two people ... and the fatal shooting of his wife": three
    if value > killed.claim.value:
        killed = _Count(replace(killed.claim, value=value), killed.start, killed.by_shot)
    listed = _victims_named([sentence])
    if listed is not None and listed.value > value:
        return _Count(listed, killed.start, killed.by_shot)
    if _SELF_KILL.search(sentence, killed.start) and not _OWN_DEATH.search(sentence):
        claim = CountClaim(value + 1, sentence, killed.claim.at_least)
        return _Count(claim, killed.start, killed.by_shot)
    return killed


# A clause that counts no one: "no matter how many people he killed", "however many died"
_ANY_NUMBER = re.compile(
    r"(?i)\b(?:no matter how|however|regardless of how) (?:many|much)\b[^.,;:]{0,60}"
)


def _mentions_death(sentence: str) -> bool:
    for match in _DEATH.finditer(sentence):
        context = sentence[max(0, match.start() - 20) : match.end() + 15]
        if not _NOT_A_DEATH.search(context) and not _in_any_number(sentence, match.start()):
            return True
    return False


def _in_any_number(sentence: str, position: int) -> bool:
    if not ("ever" in sentence or "matter" in sentence or "regardless" in sentence):
        return False  # most sentences: not searched
    return any(m.start() < position < m.end() for m in _ANY_NUMBER.finditer(sentence))


def count_casualties(
    sentences: list[str], title: str = ""
) -> tuple[CountClaim | None, CountClaim | None]:
    """(killed, injured) as claims, each with the sentence it was read from; None if unsaid."""
    lead = [s for s in [title, *sentences[:LEAD]] if s]
    read = [_without_earlier_events(s) for s in lead]
    killed, injured = _victims(read)
    killed = _with_attackers(read, killed)
    if read == lead:  # most articles: nothing left out
        return killed, injured
    quoted = dict(zip(read, lead, strict=True))  # the claims quote the sentence as written
    return (
        replace(killed, sentence=quoted.get(killed.sentence, killed.sentence)) if killed else None,
        replace(injured, sentence=quoted.get(injured.sentence, injured.sentence))
        if injured
        else None,
    )


# An earlier event told in the pluperfect is background, not this event's toll: "Three people
# had died in a similar fire in 2019", "five had been killed at the site last year". The clause
# of the pluperfect is left out when it, or the sentence's opening, dates it so; "police said
# two men had been killed" is this event's toll and stays, as do "two previously unharmed
# teachers" and "previous inspectors" (a 'previous' that dates no event).
_PLUPERFECT = re.compile(
    r"\bhad (?:(?:also|already|reportedly|previously|all|both|been)\s+){0,2}(?:died|perished|"
    r"drowned|killed|slain|murdered|injured|wounded|hurt|shot)\b"
)
_EARLIER = re.compile(
    r"\bin (?:(?:early |late )?[A-Z][a-z]+ )?(?:19|20)\d\d\b|\blast year\b|"
    r"\b\w+ (?:years?|decades?) (?:ago|earlier|before|after)\b|"
    r"\b(?:a|an) (?:similar|previous|prior|separate|earlier)\b|\bhad previously\b|"
    r"\bthe previous\b(?! (?:day|night|evening|morning|afternoon)\b)",
    re.I,
)
_EARLIER_OPENING = re.compile(
    r"\W*(?:In (?:[A-Z][a-z]+ )?(?:19|20)\d\d|Last year|\w+ (?:years?|decades?) "
    r"(?:ago|earlier)),",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:()—–]")
_COMPARED_BEFORE = re.compile(rf"{_COMPARISON}$", re.I)


def _dates_earlier(sentence: str, start: int, end: int) -> bool:
    """Whether the clause from start to end dates its event earlier: "in 2019" does, "in an
    attack like one in 2019" dates the other attack only."""
    return any(
        not _COMPARED_BEFORE.search(sentence, start, found.start())
        for found in _EARLIER.finditer(sentence, start, end)
    )


def _without_earlier_events(sentence: str) -> str:
    if "had " not in sentence:
        return sentence  # most sentences
    ends = [m.start() for m in _CLAUSE_END.finditer(sentence)]
    for verb in _PLUPERFECT.finditer(sentence):
        start = max((e + 1 for e in ends if e < verb.start()), default=0)
        end = min((e for e in ends if e >= verb.end()), default=len(sentence))
        if _dates_earlier(sentence, start, end) or (start > 0 and _EARLIER_OPENING.match(sentence)):
            return _without_earlier_events(sentence[:start] + " " + sentence[end:])
    return sentence


def _victims(lead: list[str]) -> tuple[CountClaim | None, CountClaim | None]:
    killed: CountClaim | None = None
    injured: CountClaim | None = None
    shot: _Count | None = None  # a count of people shot, until a death toll says who died
    for sentence in lead:
        if _tallies(sentence):
            continue
        none = _NONE_AT_ALL.search(sentence)
        # the sentence's other counts first: "a rocket killed two soldiers; no U.S. personnel
        # were hurt" keeps the two ("no-one" is not read as "one")
        stated_killed, stated_injured = _stated_counts(_blanked(sentence, none))
        if killed is None:
            killed = replace(stated_killed.claim, sentence=sentence) if stated_killed else None
            if killed is None and _NO_DEATHS.search(sentence.lower()):
                killed = CountClaim(0, sentence)
        if injured is None and shot is None and stated_injured is not None:
            stated_injured = _Count(
                replace(stated_injured.claim, sentence=sentence),
                stated_injured.start,
                stated_injured.by_shot,
            )
            if stated_injured.by_shot:
                shot = stated_injured
            else:
                injured = stated_injured.claim
        if none is not None:
            killed = killed or CountClaim(0, sentence)
            injured = injured or CountClaim(0, sentence)
        if injured is None and _NO_INJURIES.search(sentence.lower()):
            injured = CountClaim(0, sentence)
        if killed and (injured or shot):
            break
    if shot is not None and injured is None:
        if killed is None and any(_mentions_death(s) for s in lead if not _tallies(s)):
            killed = _victims_named(lead[:4]) or CountClaim(1, shot.claim.sentence)
        if killed is None:
            return CountClaim(0, shot.claim.sentence, inferred=True), shot.claim
        fewer = _less_dead(shot, killed)
        return killed, fewer.claim if fewer else CountClaim(0, killed.sentence, inferred=True)
    if killed and injured:
        return killed, injured
    death = next((s for s in lead if _mentions_death(s) and not _tallies(s)), None)
    uncounted = [m for s in lead if _many(s) and not _tallies(s) for m in _UNCOUNTED.finditer(s)]
    many_dead = any(m.group("dead") or m.group("killing") for m in uncounted)
    # "killing three people and injuring others": how many were hurt is not said
    many_hurt = any(m.group("hurt") or m.group("hurting") for m in uncounted) or any(
        _OTHERS_HURT.search(s.lower()) for s in lead if not _tallies(s)
    )
    if killed is None and death is not None and not many_dead:
        killed = _victims_named(lead[:4]) or CountClaim(1, death)
    if injured is None and not many_hurt:
        injured = _single_injured(lead, death is not None or bool(killed and killed.value))
        if injured is None and killed is not None and killed.value > 0:
            injured = CountClaim(0, killed.sentence, inferred=True)
    if killed is None and not many_dead and injured is not None and injured.value > 0:
        killed = CountClaim(0, injured.sentence, inferred=True)
    if killed is None and death is None and many_hurt:
        # "a drone attack injured several service members", and no death said: none died, as
        # for a counted number of wounded
        hurt = next(
            s
            for s in lead
            if not _tallies(s) and (_UNCOUNTED.search(s) or _OTHERS_HURT.search(s.lower()))
        )
        killed = CountClaim(0, hurt, inferred=True)
    return killed, injured


# Attackers who died. The dead are everyone the attack killed, attackers too, as the Gun Violence
# Archive counts a shooter shot by police and the Global Terrorism Database counts perpetrators
# (and as a killer's suicide is counted above): "killing three people before he was shot dead by
# police" is four dead, "killing 14 people. Three attackers were killed" seventeen.
_ATTACKER = (
    r"(?:gunm[ae]n|shooters?|attackers?|assailants?|(?:suicide )?bombers?|hijackers?|"
    r"perpetrators?)"
)
# Death words that take no object, so that a subject without "was" ("the gunman killed seven")
# is not the one who died
_DIED = (
    r"(?:died|dies|die|perished|dead|lost their lives|pronounced dead|"
    r"succumbed to (?:their|his|her) (?:injuries|wounds)|"
    r"(?:suffered|sustained|received)\s+(?:[\w-]+\s+)?(?:fatal|mortal)\s+(?:injuries|wounds))(?!-)"
)
_ATTACKER_STEMS = ("gunm", "shooter", "attacker", "assailant", "bomber", "hijacker", "perpetrator")
_ATTACKERS_KILLED = [
    # "three attackers were killed", "the gunman was shot dead", "both bombers died"; not "the
    # gunman killed seven" (what he did), nor "people shot by the gunman died" (his victims)
    _needing(
        _ATTACKER_STEMS,
        rf"(?<!\bby )\b(?:{_NUMBER}|(?P<one>the|one)|(?P<all>all))\s+(?:[\w-]+\s+)?{_ATTACKER}\s+"
        rf"(?:{_AUXILIARY}{_ADVERB}{_KILLED_WORDS}|{_ADVERB}{_DIED})\b",
    ),
    # "security forces killed three attackers", "police shot dead the gunman"; not "killed the
    # gunman's wife"
    _needing(
        _ATTACKER_STEMS,
        rf"\b(?:killed|killing|shot dead|shot and killed|fatally shot)\s+(?:(?:the\s+)?{_NUMBER}|"
        rf"(?P<one>the|one)|(?P<all>all))\s+(?:[\w-]+\s+)?{_ATTACKER}\b(?!['’])",
    ),
    # "The bomber blew himself up at the gate" (told apart from the toll)
    _needing(("blew", "blowing"), r"\b(?:blew|blowing) (?P<one>himself|herself) up\b"),
    # "the gunman took his own life", "the shooter then turned the gun on himself"
    _needing(
        _ATTACKER_STEMS,
        rf"\b(?P<one>the|one)\s+(?:[\w-]+\s+)?{_ATTACKER}\s+(?:then\s+|later\s+)?"
        r"(?:killed (?:himself|herself)|took (?:his|her) own life|turned the gun on "
        r"(?:himself|herself)|committed suicide)\b",
    ),
    # "killing three people before he was shot dead by police" (only after a toll, in its
    # sentence: "she was killed" elsewhere is as likely the victim)
    _needing(
        ("before",),
        r"\bbefore (?P<pronoun>(?:he|she) was|being) (?:(?:fatally )?shot and killed|shot dead|"
        r"killed|fatally shot|found dead)\b",
    ),
]
# "killing five people, including the gunman": the toll counts the attacker already
_ATTACKER_INCLUDED = re.compile(
    rf"(?i)\b(?:including|among them|among the dead)\b[^.;]{{0,40}}{_ATTACKER}"
)


def _with_attackers(lead: list[str], killed: CountClaim | None) -> CountClaim | None:
    """A stated toll of victims, with the attackers that the lead says were killed."""
    if killed is None or killed.inferred or killed.value == 0:
        return killed
    if _ATTACKER_INCLUDED.search(killed.sentence) or _attacker_listed(killed.sentence):
        # "4 dead, including gunman", "two people and the gunman are dead": the toll counts him,
        # whatever the sentences after it say of him
        return killed
    attackers = 0
    for sentence in lead:
        matches = list(_attackers_killed(sentence))
        if not matches or _tallies(sentence) or _ATTACKER_INCLUDED.search(sentence):
            continue
        own = _first_count(sentence, _KILLED)  # the sentence's own toll
        for match in matches:
            if sentence == killed.sentence and own and match.start() <= own.start < match.end():
                return killed  # the toll is the attackers' ("three gunmen were killed")
            groups = match.groupdict()
            if groups.get("pronoun") and (own is None or own.start > match.start()):
                continue
            if groups.get("all"):
                continue  # "all the attackers were killed": how many is not said here
            if groups.get("one") or groups.get("pronoun"):
                attackers = max(attackers, 1)
            else:
                attackers = max(attackers, number_value(groups["n"]))
    if attackers == 1 and _with_suicide(killed.sentence):
        return killed  # "killed four people and then himself": counted with the toll
    if attackers == 0:
        return killed
    return replace(killed, value=killed.value + attackers)


def _attacker_listed(sentence: str) -> bool:
    """Whether the dead a sentence lists include an attacker beside others ('a man and the
    gunman died'; not 'Gunmen shot dead five guards', where the attackers are the subject)."""
    listed = _DEAD_LIST.search(sentence)
    if listed is None:
        return False
    items = [i for i in _LIST_SEPARATOR.split(listed.group("list").strip()) if i]
    return (
        len(items) >= 2
        and any(_ATTACKER_WORD.search(item) for item in items)
        and bool(_count_people(listed.group("list")))
    )


_ATTACKER_WORD = re.compile(rf"(?i)\b{_ATTACKER}\b")


def _with_suicide(sentence: str) -> bool:
    """Whether a sentence's toll takes in the killer's suicide ('killed two, then himself')."""
    toll = _first_count(sentence, _KILLED)
    listed = _KILLED_LIST.search(sentence)
    # as _with_listed counts it: after the toll ("blew himself up, killing 12" is counted apart)
    return bool(toll and _SELF_KILL.search(sentence, toll.start)) or bool(
        listed and listed.group("self")
    )


def _attackers_killed(sentence: str) -> Iterator[re.Match[str]]:
    lowered = sentence.lower()
    for pattern in _ATTACKERS_KILLED:
        if _has_any(lowered, _NEEDS[id(pattern)]):
            yield from pattern.finditer(sentence)


def _blanked(sentence: str, match: re.Match[str] | None) -> str:
    """The sentence with a match's words blanked out, keeping the positions of the rest."""
    if match is None:
        return sentence
    return sentence[: match.start()] + " " * (match.end() - match.start()) + sentence[match.end() :]


def _many(sentence: str) -> bool:
    lowered = sentence.lower()
    return _has_any(lowered, _MANY)


def _victims_named(lead: list[str]) -> CountClaim | None:
    """Deaths counted from the victims a sentence names when it gives no number."""
    for sentence in lead:
        if _tallies(sentence):
            continue
        for pattern in (_DEAD_LIST, _KILLED_LIST):
            match = pattern.search(sentence)
            if match:
                count = _count_people(match.group("list"))
                if count and count >= 2 - bool(match.groupdict().get("self")):
                    return CountClaim(count + bool(match.groupdict().get("self")), sentence)
        multiple = _MULTIPLE.search(sentence)
        if multiple:
            count = _MULTIPLE_COUNTS[multiple.group("times").lower()]
            return CountClaim(count + bool(multiple.group("suicide")), sentence)
        if _MURDER_SUICIDE.search(sentence):
            return CountClaim(2, sentence, at_least=True)
    return None


_HURT_VERB = re.compile(r"(?i)\b(?:wound|injur|hurt|leav)\w*")
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&)\s+")


def _count_people(phrase: str) -> int | None:
    """How many people a list names: 'his wife, 3 kids' = 4; None if an item is not a person."""
    total = 0
    items = [i for i in _LIST_SEPARATOR.split(phrase.strip()) if i]
    if not items or len(items) > 6:
        return None
    for item in items:
        if re.match(r"(?i)(?:including|among them|among whom)\b", item):
            continue  # "six people, including two children": part of the six
        if _HURT_VERB.search(item):
            return None  # "killing 35 people and wounding 50 others": the others were hurt
        words = item.split()
        if not words or len(words) > 5 or not _person_word(words[-1]):
            return None
        number = next(
            (
                w
                for w, after in zip(words, [*words[1:], ""], strict=True)
                if (w.isdigit() or w.lower() in NUMBER_WORDS)
                and not re.match(r"(?i)(?:years?|months?|weeks?)\b", after)
            ),
            None,
        )
        if number and number.lower() not in ("a", "an", "no"):
            total += number_value(number)
        elif _PAIR.fullmatch(words[-1]):
            total += 2
        elif words[-1].lower().endswith("s") and not _KIN_SINGULAR_S.fullmatch(words[-1]):
            return None  # "grandchildren": how many is not said
        else:
            total += 1
    return total


_PERSON_WORD = re.compile(_PERSON, re.I)


def _person_word(word: str) -> bool:
    """A word for a person or people: kin, a role, a nation ('soldiers', 'an interpreter')."""
    return bool(_KIN.search(word) or _PERSON_WORD.fullmatch(word))


def _single_injured(lead: list[str], someone_died: bool) -> CountClaim | None:
    for sentence in lead:
        if _tallies(sentence) or not _HURT.search(sentence.lower()):
            continue
        if not someone_died:
            return CountClaim(1, sentence)
        if _ANOTHER.search(sentence):
            return CountClaim(1, sentence)
    return None
