"""Notebook 06: the rules its checks apply to an answer, in one place for the preview and the tests.

An answer is a dict with a position, the ids of the paragraphs it relies on, and an argument. The
public check, the hidden tests and the notebook's `preview` all call :func:`review` or a part of it,
so the preview and the check never disagree. What a computer can check here is the evidence, not the
reasoning: that the position is on the list, that every quotation is word for word in the paragraph it
cites, that the argument says what each cited paragraph says (a quotation, or its point in other words:
same ideas, not the same letters), that it argues from that evidence and is not filler (a restated
position, a string of paraphrases, copied or repeated text), and that the cited paragraphs can support
the position by the course's tables or by the author's own statements. Evidence counts only where an
argument uses it, so filler fails every test of its prompt, the evidence-fit test too. Where the
tables cannot decide, the preview gives advice, never marks.

The module holds rules and the article's own words, never an answer: no model argument, and nothing
that passes a check when handed in as it is. Notebook 06 has no checkpoints (no coursekit/nb06.py):
no later cell uses a student's answer. The hidden tests use these same rules, which the notebook
states in full; the model arguments live only in the master notebook (the grading side).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from coursekit import ARTICLE, DATA


@dataclass(frozen=True)
class Prompt:
    """What one prompt asks for: its positions, how many paragraphs, how many words."""

    positions: tuple[str, ...]
    min_evidence: int
    words: tuple[int, int]
    topic: str = ""  # the words of the question itself: restating them is not evidence


PROMPTS: dict[int, Prompt] = {
    0: Prompt(
        ("a success", "a qualified success", "not a success"),
        2,
        (60, 150),
        "success successful interventions central african republic mozambique present",
    ),
    1: Prompt(
        ("mostly international", "mostly regional", "mostly domestic", "all three together"),
        3,
        (100, 200),
        "motivation motive explain best international regional domestic influence combination three diplomacy",
    ),
    2: Prompt(
        ("yes", "partly", "no"),
        3,
        (100, 200),
        "reversing reverse reversal traditional top-down dynamic global security efforts powerful smaller states",
    ),
    3: Prompt(
        ("bilateral", "multilateral", "it depends on the conditions"),
        3,
        (100, 200),
        "bilateral multilateral host state help force favour depends conditions",
    ),
    4: Prompt(
        ("well supported", "partly supported", "asserted more than shown"),
        2,
        (100, 200),
        "domestic claim strong strength weak supported asserted shown diplomacy diverts attention happening "
        "within borders",
    ),
    5: Prompt(
        (
            "the article (2024) is more convincing",
            "the journal article (2023) is more convincing",
            "both can be right",
            "these two sources cannot settle it",
        ),
        2,
        (100, 200),
        "convincing journal right settle sources disagree",
    ),
    6: Prompt(
        ("accept", "accept with conditions", "ask for a multilateral force instead"),
        4,
        (150, 250),
        "accept conditions multilateral force instead offer troops memo minister recommendation government",
    ),
}

# The lenses of the notebook's section 1, as sets of body paragraphs.
FOR_THEMES = ("strategy", "security_provider")
AGAINST_THEMES = ("limits", "drc_m23_ambiguity", "reactions")
FAVOURABLE = ("interest", "favourable_view", "partnership", "curiosity")
CRITICAL = ("concern", "backlash", "condemnation", "annoyance", "affront", "tension")

# The author's own statements that weigh against relying on Rwanda's bilateral help, beyond what other
# actors say in stances.csv (prompt 3): each is a claim of the article in its own voice.
AUTHOR_AGAINST_BILATERAL = {
    "P09": "the interventions 'weren't decisive in resolving years of conflict'",
    "P18": "the threat to withdraw troops is 'a technique that Rwanda could use' where it intervenes alone",
    "P24": "Kigali 'hasn't shown the ability or willingness to transfer know-how to local forces'",
}
# ... and the author's own statements in favour of it (the advantages and results the article sets out).
AUTHOR_FOR_BILATERAL = {
    "P09": "the interventions 'showed what Rwandan armed forces are capable of'",
    "P11": "Rwandan troops 'coordinate well with local and other external actors'",
    "P22": "the two advantages: quick deployment, easier to manage than a multinational army",
    "P23": "'Rwandan troops achieved good results within a short space of time'",
}

# Words too common to show that a sentence says what a paragraph says.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as
    at be because been before being below between both but by can could did
    do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once
    only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to
    too under until up very was we were what when where which while who
    whom why will with would you your yours article articles author says said argues
    paragraph paragraphs rwanda rwanda's rwandan kigali military country countries one two many much like
    well even however therefore still first second while think shows show""".split()  # noqa: SIM905
)
# The second source of prompts 5 and 6 as the notebook sums it up (Cannon and Donelli 2023): a sentence that
# brings in what it reports is evidence too.
SECOND_SOURCE = (
    "Rwanda Defence Force (RDF) troops went into Cabo Delgado, in northern Mozambique, in mid-2021 against an "
    "Islamist insurgency; within months they pacified much of the province, the RDF agreed to train contingents "
    "of the Mozambican military, and the deployment was extended."
)
SECOND_SOURCE_PROMPTS = (5, 6)
# Words that say the same thing as a word of the article, for a point given in one's own words: each
# group counts as one idea (e.g. "distract" says what P15's "diverts" says). Words also match on their
# first six letters, so "deploy", "deployed" and "deployment" are one word.
SAME_IDEA = (
    "divert distract deflect distraction",
    "within inside internal home",
    "happening problems issues events affairs situation",
    "opponents critics dissidents opposition rivals enemies",
    "haven refuge shelter sanctuary",
    "exile exiles exiled",
    "erosion decline weakening eroding undermining",
    "silencing suppression repression censorship muzzling",
    "dissenting dissent",
    "quickly quick fast rapid rapidly speed swiftly swift",
    "cumbersome slow slower bureaucratic bureaucracy",
    "results success successful achievements outcomes gains",
    "attacks violence",
    "insurgency insurgents rebels militants jihadists rebellion",
    "protected protect protection safety",
    "civilians people population residents",
    "know-how skills knowledge training train trained teach",
    "transfer pass share hand",
    "local host national",
    "forces army armies troops soldiers contingents",
    "withdraw pull leave remove recall",
    "threatened threat threaten warned warning",
    "criticism criticised criticized condemned condemn denounced blamed",
    "neighbours neighbouring neighbors neighboring",
    "concern worry worried alarm fear fears uneasy",
    "annoyance annoyed irritation irritated displeasure anger angry",
    "affront insult offence offense",
    "tensions tension strained friction",
    "interested interest keen attracted",
    "expertise experience capabilities capable capability ability able capacity competence",
    "image reputation standing prestige perception",
    "reliable dependable trustworthy trusted",
    "partner ally allies partnership",
    "financial money funding funds cash",
    "invested investment investments investors invest",
    "mining mines minerals",
    "superpowers superpower west western",
    "decisive resolve resolving resolved settled ended",
    "conflict conflicts war wars fighting crisis crises",
    "coordinate cooperate cooperation collaborate collaboration",
    "unilateral unilaterally alone",
    "deploying deploy send sent sending dispatch intervene intervened interventions intervention",
    "smallest smaller small tiny weak weaker",
    "powerful strong stronger mighty",
    "reversing reverse reversed reversal turn turns turning invert upside",
    "traditional old usual established conventional",
    "dynamic pattern hierarchy order",
    "copy imitate emulate replicate",
    "beyond further afield abroad wider",
    "support backing backed",
    "ambiguities ambiguous contradicts contradiction contradictory inconsistent",
    "manage control handle",
    "advantages benefits strengths",
    "clauses terms provisions",
    "agreements agreement agreed deals deal treaties treaty pacts arrangements",
    "contributors contributor contributes contribution",
    "confident confidence",
    "economic economy commercial business",
    "dependency dependent dependence reliance",
)
# Words that link evidence to a position or weigh it: a sentence that engages a paragraph says what it
# means for the question (it explains, contrasts, concludes, judges the evidence), not only what it says.
REASONING_WORDS = frozenset(
    """because since so therefore thus hence but however yet although though while whereas unlike despite
    instead rather only without unless if shows suggests suggest means mean implies imply fits fit
    weakens weaken undermines undermine contradicts contradict confirms confirm explains explain proves
    prove fails fail lacks lack needs need depends depend matters matter stronger weaker strongest
    weakest enough insufficient plausible hedged unsupported unsourced assumes assume whether why against
    evidence cannot limit limits reason reasons weigh weighs risk risks figures dates dated judgement
    judgment measured example examples source sources cited proof data specific concrete vague details
    unclear uncertain doubt make makes leads lead allows allow least ignore ignores""".split()  # noqa: SIM905
)
MIN_QUOTE_WORDS = 3  # a quotation that shows what a paragraph says has at least this many words
MIN_NAMED_WORDS = 2  # ... or the sentence citing it shares this many of its ideas (SAME_IDEA) with it
MIN_ENGAGED = 2  # sentences that say what the evidence means for the position (see _filler_problems)
EVIDENCE_SHARE = 0.6  # of the fewest words allowed, the share that must be in sentences that use the article
COPY_RUN = 10  # this many words in a row from the article, outside quotation marks, are copied text
MIN_VARIETY = 0.4  # different words / all words, below which an argument repeats itself


def _key(word: str) -> str:
    """A word cut to its first six letters, without a plural or possessive s: 'deployments' -> 'deploy'."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:6]


@cache
def _same_idea() -> dict[str, str]:
    return {_key(word): group.split()[0] for group in SAME_IDEA for word in group.split()}


def _ideas(text: str, leave_out: frozenset[str] = frozenset()) -> set[str]:
    """The ideas a text's content words name: words cut by _key, with same-idea words made one."""
    same = _same_idea()
    keys = {_key(w) for w in _content(text)} - leave_out
    return {same.get(k, k) for k in keys}


@cache
def _topic(prompt: int) -> frozenset[str]:
    """The keys of a prompt's own words (the question and its positions): repeating them is not evidence."""
    spec = PROMPTS[prompt]
    words = _content(spec.topic + " " + " ".join(spec.positions)) | set(spec.topic.split())
    same = _same_idea()
    return frozenset({_key(w) for w in words} | {same.get(_key(w), _key(w)) for w in words})


@cache
def _tables() -> dict[str, Any]:
    import pandas as pd

    paragraphs = pd.read_csv(DATA / "paragraphs.csv")
    body = paragraphs[paragraphs["kind"] == "paragraph"]
    coding = pd.read_csv(DATA / "motivation_coding.csv")
    claims = pd.read_csv(DATA / "claims.csv")
    stances = pd.read_csv(DATA / "stances.csv")
    reactions = stances[stances["reaction_to_rwanda"].astype(str).str.lower() == "true"]
    motives = ["international", "regional", "domestic"]
    thesis = set(coding.loc[coding[motives].sum(axis=1) == len(motives), "paragraph_id"])
    lenses = {m: set(coding.loc[coding[m] == 1, "paragraph_id"]) - thesis for m in motives}
    lenses["claims_for"] = set(claims.loc[claims["theme"].isin(FOR_THEMES), "paragraph_id"])
    lenses["claims_against"] = set(claims.loc[claims["theme"].isin(AGAINST_THEMES), "paragraph_id"])
    lenses["favourable"] = set(reactions.loc[reactions["stance"].isin(FAVOURABLE), "paragraph_id"])
    lenses["critical"] = set(reactions.loc[reactions["stance"].isin(CRITICAL), "paragraph_id"])
    return {
        "kind": dict(zip(paragraphs["paragraph_id"], paragraphs["kind"], strict=True)),
        "text": dict(zip(body["paragraph_id"], body["text"], strict=True)),
        "body": list(body["paragraph_id"]),
        "thesis": thesis,
        "lenses": lenses,
        "top_down": set(claims.loc[claims["quote"].str.contains("top-down dynamic"), "paragraph_id"]),
        "know_how": set(claims.loc[claims["quote"].str.contains("know-how"), "paragraph_id"]),
    }


def _norm(text: str) -> str:
    """Text with typographic quotes and apostrophes made plain and whitespace collapsed."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", text.lower())


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if len(w) >= 4 and w not in STOP_WORDS and not re.fullmatch(r"p\d\d", w)}


@cache
def _article_ideas() -> frozenset[str]:
    return frozenset(_ideas(ARTICLE.read_text(encoding="utf-8")))


@cache
def _article_runs() -> frozenset[tuple[str, ...]]:
    words = _words(ARTICLE.read_text(encoding="utf-8"))
    return frozenset(tuple(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1))


def _in_text(quote: str, text: str) -> bool:
    """Whether a quotation is word for word in a text; '...' marks words left out, in order."""
    text = _norm(text)
    position = 0
    for piece in re.split(r"\s*(?:\.\.\.|\u2026)\s*", _norm(quote)):
        piece = piece.strip(" ,.;:")
        if not piece:
            continue
        found = text.find(piece, position)
        if found < 0 and piece[0].isalpha():  # a quotation may start a sentence with a capital, or not
            flipped = piece[0].swapcase() + piece[1:]
            found = text.find(flipped, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _ids(text: str) -> list[str]:
    return re.findall(r"\bP\d{2}\b", text)


@dataclass(frozen=True)
class Quote:
    text: str
    cites: tuple[str, ...] | None  # the paragraph ids the argument gives for it, if any
    sentence: int


def _sentences_and_quotes(argument: str) -> tuple[list[str], list[Quote]]:
    """The argument's sentences (quotations put back in) and its quotations with the id each cites.

    A quotation cites the first id between it and the next quotation of its sentence (e.g. "..." (P23)),
    else, for the first quotation of a sentence, the last id before it (e.g. P15 says "..."), else none: then it
    may come from any cited paragraph (e.g. "A" and "B" (P23)).
    """
    text = _norm(argument)
    found = re.findall(r'"([^"]*)"', text)
    counter = iter(range(len(found)))
    skeleton = re.sub(r'"[^"]*"', lambda m: f" \x00{next(counter)}\x00 ", text)
    raw_sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", skeleton) if s.strip()]
    sentences, quotes = [], []
    for index, sentence in enumerate(raw_sentences):
        for match in re.finditer(r"\x00(\d+)\x00", sentence):
            segment = sentence[match.end() :].split("\x00")[0]
            group = re.match(r"[\s,.;:]*\(?\s*(P\d{2}(?:\s*(?:,|;|and|&)\s*P\d{2})*)", segment)
            after = [tuple(_ids(group.group(1)))] if group else [(i,) for i in _ids(segment)[:1]]
            before = _ids(sentence[: match.start()]) if "\x00" not in sentence[: match.start()] else []
            cites = after[0] if after else ((before[-1],) if before else None)
            quotes.append(Quote(found[int(match.group(1))].strip(), cites, index))
        sentences.append(re.sub(r"\x00(\d+)\x00", lambda m: f'"{found[int(m.group(1))]}"', sentence))
    return sentences, quotes


def _unanswered(value: Any) -> bool:
    return value is ... or value == [...] or (isinstance(value, str) and value.strip() in ("", "..."))


def review(answer: Any, prompt: int) -> list[str]:
    """Everything the public check finds to fix in an answer, most basic first; [] when nothing.

    Never raises: a strange answer gets a message, not an error.
    """
    return _safely(_review, answer, prompt)


def argument_problems(answer: Any, prompt: int) -> list[str]:
    """What the argument and its evidence lack, whatever the position: ids, quotations, use, filler."""
    return _safely(_review, answer, prompt, False, True)


def position_fit_problems(answer: Any, prompt: int) -> list[str]:
    """Whether a position is chosen and its cited paragraphs can support it, once an argument uses them
    (filler fails here too: a paragraph the argument does not argue from is no evidence); quotations
    are not checked letter for letter here."""
    return _safely(_review, answer, prompt, True, False)


def _safely(check: Any, answer: Any, prompt: int, *flags: bool) -> list[str]:
    try:
        return check(answer, prompt, *flags)
    except Exception as error:  # a last resort: the student still gets a sentence, not a traceback
        return [f"answer_{prompt} could not be read ({type(error).__name__}): start again from the template."]


def _review(answer: Any, prompt: int, position_and_fit: bool = True, argument: bool = True) -> list[str]:
    spec, tables, name = PROMPTS[prompt], _tables(), f"answer_{prompt}"
    allowed = "; ".join(f'"{p}"' for p in spec.positions)
    if answer is ...:
        return [f"{name} is not answered yet: fill in the template in the cell above and run it."]
    if not isinstance(answer, dict) or not {"position", "evidence", "argument"} <= set(answer):
        return [
            f"{name} should be a dict with the keys 'position', 'evidence' and 'argument': "
            "start again from the template (copy it from the notebook) and run the cell."
        ]
    position, evidence, text = answer["position"], answer["evidence"], answer["argument"]
    if all(_unanswered(v) for v in (position, evidence, text)):
        return [f"{name} is not answered yet: fill in its position, evidence and argument in the cell above."]
    if position_and_fit:
        if _unanswered(position):
            return [f"You have not chosen a position yet: replace the ... after 'position' with one of {allowed}."]
        if position not in spec.positions:
            return [
                f"The position {_clip(repr(position))} is not on the list. "
                f"Copy one exactly (same words, lower case): {allowed}."
            ]
    problems = _evidence_problems(evidence, spec, tables, name)
    if problems:
        return problems
    ids = list(dict.fromkeys(evidence))
    # Evidence counts only where an argument uses it: without one (filler), even the fit of the ids fails.
    problems = _argument_problems(text, ids, spec, tables, name, prompt, exact=argument)
    if problems:
        return problems
    return fit_problems(position, ids, prompt) if position_and_fit else []


def _evidence_problems(evidence: Any, spec: Prompt, tables: dict, name: str) -> list[str]:
    body = tables["body"]
    if _unanswered(evidence):
        return [
            'You have not listed your evidence yet: replace [...] with paragraph ids in quotes, e.g. ["P13", "P15"].'
        ]
    if not isinstance(evidence, list) or not evidence or not all(isinstance(e, str) for e in evidence):
        return [
            f'{name}[\'evidence\'] should be a list of paragraph ids written as strings, e.g. ["P13", "P15"]; '
            f"it is {_clip(repr(evidence))}."
        ]
    unknown = [e for e in evidence if e not in tables["kind"]]
    if unknown:
        return [
            f"These ids are not in data/paragraphs.csv: {unknown}. Body paragraphs are {body[0]} to {body[-1]}: "
            'a capital P and two digits, in quotes (write "P05", not "p5" or 5).'
        ]
    not_body = [f"{e} (a {tables['kind'][e]})" for e in evidence if tables["kind"][e] != "paragraph"]
    if not_body:
        return [
            f"These ids are not body paragraphs: {not_body}. A heading or the byline makes no claim, so it "
            "cannot be evidence: cite the paragraphs (P..) that hold the words you use."
        ]
    distinct = sorted(set(evidence))
    if len(distinct) < spec.min_evidence:
        return [
            f"You cite {len(distinct)} different paragraph(s) {distinct}; this prompt needs at least "
            f"{spec.min_evidence}. Add evidence (an id listed twice counts once)."
        ]
    return []


def _argument_problems(
    argument: Any, ids: list[str], spec: Prompt, tables: dict, name: str, prompt: int, exact: bool = True
) -> list[str]:
    """What the argument lacks. `exact`: also check its ids and quotations letter for letter (without it,
    only whether it argues from its evidence: the gate of the evidence-fit test)."""
    lo, hi = spec.words
    if not isinstance(argument, str):
        return [
            f'{name}[\'argument\'] should be your text between the triple quotes """ ... """, '
            f"not {_clip(repr(argument))}."
        ]
    if _unanswered(argument):
        return [f"You have not written your argument yet: replace the ... between the triple quotes ({lo}-{hi} words)."]
    text = _norm(argument)
    if text.count('"') % 2:
        return ['A quotation mark " has no partner: close every quotation with a second ".']
    n = len(text.split())
    if n < lo:
        return [f"Your argument has {n} words; write at least {lo} (at most {hi})."]
    if n > hi:
        return [f"Your argument has {n} words; the limit is {hi}. Cut what does not support your position."]
    missing = [e for e in ids if not re.search(r"\b" + re.escape(e) + r"\b", text)]
    if missing and exact:
        return [
            f"Your argument never mentions {missing}, which you list as evidence. Name each id where you use it, "
            "e.g. (P15). Write ids out: P13-P15 counts for P13 and P15, not for P14."
        ]
    extra = sorted(set(_ids(text)) - set(ids))
    if extra and exact:
        return [
            f"Your argument cites {extra}, which are not in {name}['evidence']: add them to the list, "
            "or take them out of the text."
        ]
    sentences, quotes = _sentences_and_quotes(argument)
    paragraph_text = tables["text"]
    for quote in quotes if exact else []:
        where = [p for p, t in paragraph_text.items() if _in_text(quote.text, t)]
        if not where:
            extra_hint = (
                " To report what Cannon and Donelli (2023) say, use your own words without quotation marks: "
                "the notebook gives a summary of that source, not its words."
                if prompt in (5, 6)
                else ""
            )
            return [
                f'This quotation is not in the article word for word: "{_clip(quote.text)}". Copy it exactly from the '
                "paragraph you cite (write ... where you leave words out). To mention a word rather than quote "
                f"the article, use single quotes ('like this').{extra_hint}"
            ]
        if quote.cites is not None and not set(quote.cites) & set(where):
            return [
                f'"{_clip(quote.text)}" is not in {" or ".join(quote.cites)}, the paragraph you name with it: it is in '
                f"{', '.join(where)}. Name the paragraph the words come from."
            ]
        if quote.cites is None and not set(where) & set(ids):
            return [
                f'"{_clip(quote.text)}" comes from {", ".join(where)}, which is not in your evidence: add the id to '
                f"{name}['evidence'] and name it after the quotation, e.g. (\"...\" ({where[0]}))."
            ]
    unused = [p for p in ids if not _uses(p, sentences, quotes, paragraph_text[p])]
    if unused:
        return [
            f"Your argument names {unused[0]} but does not say what {unused[0]} says: in the sentence where you "
            f"cite it, quote it (in double quotes) or give its point in your own words. An id alone is not evidence."
        ]
    problems = _filler_problems(text, sentences, ids, tables, prompt, lo)
    if problems:
        return problems
    if prompt == 5 and "2023" not in text and exact:
        return [
            "Your argument does not name the second source: write Cannon and Donelli (2023) and say what it "
            "reports, so that a reader can see which two sources you are weighing."
        ]
    return []


def _uses(pid: str, sentences: list[str], quotes: list[Quote], text: str) -> bool:
    """Whether the argument quotes paragraph `pid` or gives its point in the sentence that cites it."""
    for quote in quotes:
        if (
            len(quote.text.split()) >= MIN_QUOTE_WORDS
            and _in_text(quote.text, text)
            and (quote.cites is None or pid in quote.cites)
        ):
            return True
    ideas = _ideas(text)
    near = [s for s in sentences if re.search(r"\b" + pid + r"\b", s)]
    return any(len(_ideas(s) & ideas) >= MIN_NAMED_WORDS for s in near)


def _draws_on(sentence: str, ids: list[str], tables: dict, prompt: int) -> bool:
    """Whether a sentence brings in what the cited paragraphs say (or, in prompts 5 and 6, the second source):
    a quotation from one of them, or two or more of their ideas (leaving out the words of the question and
    its positions)."""
    for quote in re.findall(r'"([^"]*)"', sentence):
        if len(quote.split()) >= MIN_QUOTE_WORDS and any(_in_text(quote, tables["text"][p]) for p in ids):
            return True
    own = _ideas(re.sub(r'"[^"]*"', " ", sentence), _topic(prompt))
    texts = [tables["text"][p] for p in ids] + ([SECOND_SOURCE] if prompt in SECOND_SOURCE_PROMPTS else [])
    cited = set().union(*(_ideas(text, _topic(prompt)) for text in texts))
    return len(own & cited) >= MIN_NAMED_WORDS


def _filler_problems(text: str, sentences: list[str], ids: list[str], tables: dict, prompt: int, lo: int) -> list[str]:
    """Words that do not argue: copied text, repetition, and sentences that use no cited paragraph or do
    not say what it means for the position (a restated position, a string of paraphrases)."""
    outside = re.sub(r'"[^"]*"', " | ", text)
    runs = _article_runs()
    for chunk in outside.split("|"):
        words = _words(chunk)
        for i in range(len(words) - COPY_RUN + 1):
            if tuple(words[i : i + COPY_RUN]) in runs:
                return [
                    f'Your argument copies the article without quotation marks ("{" ".join(words[i : i + COPY_RUN])} '
                    "...\"): put the article's words in double quotes, or say its point in your own words."
                ]
    seen: set[str] = set()
    for sentence in sentences:
        key = " ".join(_words(sentence))
        if len(key.split()) >= 4 and key in seen:
            return [f'Your argument repeats a sentence ("{_clip(sentence)}"): a repeated sentence does not count.']
        seen.add(key)
    words = _words(text)
    if len(set(words)) / max(len(words), 1) < MIN_VARIETY:
        return [
            "Your argument repeats the same words again and again: repeated words do not count. "
            "Write sentences that make your case."
        ]
    drawing = [s for s in sentences if _draws_on(s, ids, tables, prompt)]
    counted = sum(len(s.split()) for s in drawing)
    need = round(lo * EVIDENCE_SHARE)
    if counted < need:
        off = next((s for s in sentences if s not in drawing), "")
        return [
            f"Your argument does not argue from its evidence yet: only {counted} of your words are in sentences "
            "that bring in what your paragraphs say (a quotation, or a paragraph's ideas in your words); "
            f'sentences such as "{_clip(off)}" do not count, because they restate the question or your position, '
            f"or are about something else. Write at least {need} words that use your evidence."
        ]

    # A sentence engages the evidence when it reasons about evidence it brings in itself (a word of
    # REASONING_WORDS outside its quotations), or when it follows a sentence that brought evidence in and
    # makes a point of its own about the article: it reasons, or it is no paraphrase of a cited paragraph.
    # "So the answer is partly" after a paraphrase makes no point of its own; neither does a sentence about
    # something else, or another paraphrase.
    def reasons(sentence: str) -> bool:
        return bool(set(_words(re.sub(r'"[^"]*"', " ", sentence))) & REASONING_WORDS)

    def own_point(sentence: str) -> bool:
        own = _ideas(re.sub(r'"[^"]*"', " ", sentence), _topic(prompt) | {_key(w) for w in REASONING_WORDS})
        about = _ideas(sentence) & (_article_ideas() | _topic(prompt))
        return len(own) >= MIN_NAMED_WORDS and bool(about)

    engaged = [
        s
        for before, s in zip(["", *sentences], sentences, strict=False)
        if (s in drawing and reasons(s))
        or (before in drawing and own_point(s) and (reasons(s) or s not in drawing) and not _ids(s))
    ]
    if len(engaged) < MIN_ENGAGED:
        return [
            "Your argument does not argue from its evidence yet: it reports what your paragraphs say, but only "
            f"{len(engaged)} sentence(s) say what that means for your position. In at least {MIN_ENGAGED} "
            "sentences, in or right after the ones that use a paragraph, link the evidence to your position in "
            "your own words (because, so, but, this suggests, this weakens, the evidence...)."
        ]
    own = len(_words(re.sub(r'"[^"]*"', " ", text)))
    if own < lo // 2:
        return [
            f"Only {own} of your words are your own; the rest are quotations. Explain in your own words (at least "
            f"{lo // 2}) how the quotations support your position."
        ]
    return []


def _clip(text: str, length: int = 70) -> str:
    """The start of a student's text, cut at a word, to show in a message: a pasted one-line argument or a
    long quotation would otherwise make the message one line too long to read."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return (text[:length].rsplit(" ", 1)[0] or text[:length]) + "..."


def wrapped(argument: str, width: int = 96) -> str:
    """An argument with every line broken at `width` characters, its own line breaks kept (a memo's
    To / From / Subject lines stay apart): a pasted one-line argument becomes readable in the output."""
    import textwrap

    return "\n".join(textwrap.fill(line, width) if line.strip() else "" for line in argument.strip().splitlines())


def sides(prompt: int) -> dict[str, set[str]]:
    """The paragraphs that can support each side of a prompt, by the course's tables and the author's words."""
    lenses = _tables()["lenses"]
    if prompt == 3:
        return {
            "for": lenses["favourable"] | set(AUTHOR_FOR_BILATERAL),
            "against": lenses["critical"] | lenses["claims_against"] | set(AUTHOR_AGAINST_BILATERAL),
        }
    return {
        "for": lenses["claims_for"] | lenses["favourable"],
        "against": lenses["claims_against"] | lenses["critical"],
    }


def fit_problems(position: str, ids: list[str], prompt: int) -> list[str]:
    """Whether the cited paragraphs can support the position, where the course's tables decide; [] if so."""
    tables = _tables()
    cited, thesis, lenses = set(ids), tables["thesis"], tables["lenses"]
    if prompt == 1:
        covered = [m for m in ("international", "regional", "domestic") if cited & lenses[m]]
        if position == "all three together":
            missing = [m for m in ("international", "regional", "domestic") if m not in covered]
            if missing:
                return [
                    "Your position is 'all three together', but none of your paragraphs argues the "
                    f"{' or '.join(missing)} motivation in motivation_coding.csv "
                    f"({', '.join(sorted(thesis))} only states the thesis). "
                    "Cite a paragraph for each motivation."
                ]
            return []
        motive = position.split()[-1]
        if motive not in covered:
            return [
                f"Your position is {position!r}, but none of your paragraphs is coded {motive} in "
                f"motivation_coding.csv ({', '.join(sorted(thesis))} only states the thesis): cite a paragraph that "
                f"argues the {motive} motivation."
            ]
        return []
    if prompt == 4:
        domestic = lenses["domestic"]
        if not cited & domestic:
            return [
                "None of your paragraphs argues the domestic claim in motivation_coding.csv "
                f"({', '.join(sorted(thesis))} only states the thesis): cite the paragraphs where the article "
                "argues it."
            ]
        if position == "well supported" and not domestic <= cited:
            return [
                "To call the evidence strong, weigh all of it: cite every paragraph coded domestic in "
                "motivation_coding.csv."
            ]
        return []
    if prompt == 5:
        if not cited & tables["know_how"]:
            return [
                "Cite the paragraph where the article says Kigali has not transferred know-how: it is one of the "
                "two sources you weigh."
            ]
        return []
    if prompt == 0:
        return []
    if prompt == 2:
        if not cited & tables["top_down"]:
            return ["Cite P07, the paragraph where the article makes the claim you are judging."]
        cited = cited - tables["top_down"]
    need_for = {
        2: ("yes", "partly"),
        3: ("bilateral", "it depends on the conditions"),
        6: ("accept", "accept with conditions"),
    }
    need_against = {
        2: ("no", "partly"),
        3: ("multilateral", "it depends on the conditions"),
        6: ("ask for a multilateral force instead", "accept with conditions"),
    }
    side = sides(prompt)
    if position in need_for[prompt] and not cited & side["for"]:
        return [
            f"Your position is {position!r}, but none of your paragraphs shows what Rwanda's forces do or achieve, "
            "or an actor that welcomes them: cite one (see the lenses 'claims: strategy or security provider' and "
            "'reactions: favourable')."
        ]
    if position in need_against[prompt] and not cited & side["against"]:
        return [
            f"Your position is {position!r}, but none of your paragraphs shows a limit of Rwanda's interventions "
            "or the criticism they meet: cite one (see the lenses 'claims: limits, DRC/M23 or reactions' and "
            "'reactions: critical')."
        ]
    return []


def advice(answer: Any, prompt: int) -> list[str]:
    """Notes on evidence fit that the tables cannot decide: no marks, things to think about."""
    if not isinstance(answer, dict) or not isinstance(answer.get("evidence"), list):
        return []
    tables = _tables()
    ids = [e for e in dict.fromkeys(answer["evidence"]) if isinstance(e, str) and e in tables["text"]]
    lenses = tables["lenses"]
    every = set().union(*lenses.values(), AUTHOR_FOR_BILATERAL, AUTHOR_AGAINST_BILATERAL)
    notes = [
        f"{p} is in none of the lenses (the course's tables do not say how it bears on this prompt): "
        "make its link to your position clear in your own words."
        for p in ids
        if p not in every and p not in tables["thesis"]
    ]
    notes += [
        f"{p} states the thesis (all three motivations); it names the motivations rather than arguing for one."
        for p in ids
        if p in tables["thesis"] and prompt in (1, 4)
    ]
    if prompt in (2, 3, 6):
        side = sides(prompt)
        both = [p for p in ids if p in side["for"] and p in side["against"]]
        if both:
            notes.append(f"{', '.join(both)} can be read both ways: say which part of it you use.")
    return notes
