"""Answer key for notebook 06, discussion exercises.

Each prompt's auto-graded question reads one dict, answer_N. For each: a correct answer unlike the
model solution (another position or other evidence); for four prompts, another made of fair short
paraphrases with no quotation at all; a plain one near the fewest words allowed; and wrong ones that
must not get full marks: filler (the untouched template is the blank case every question gets, made
from the student edition: tests/answer_key/setup.py), an invented quotation, a quotation credited
to the wrong paragraph, and ids that do not support the position. Filler (ids with words that do not
argue, a repeated sentence, off-topic sentences, pasted text, the position restated many ways around
one-line paraphrases, a string of paraphrases with or without "so" and the position after each,
quotations strung together with restatements) must score 0 of 3 (issue 19.6): see FILLER_LABELS
and tests/test_nb06_rules.py.
"""

from tests.answer_key import AnswerKey, Case, Question

FILLER = (
    "This is a very important question and there are many things to say about it. In my opinion the answer "
    "is clear when we look at everything together and think carefully about all of it. "
)


def answer(n: int, position: str, evidence: list[str], argument: str) -> str:
    """The code a student runs: answer_N = {...}, with the argument as a triple-quoted string."""
    return f'answer_{n} = {{"position": {position!r}, "evidence": {evidence!r}, "argument": """\n{argument}\n"""}}'


OFF_TOPIC = (
    "My grandmother bakes bread every Sunday morning. She mixes flour, yeast and warm water in a big bowl. "
    "The dough rests near the oven until it doubles. Then she shapes little loaves and brushes them with milk. "
    "The kitchen smells wonderful for hours afterwards. We eat the bread with butter, honey or cheese. "
    "On rainy evenings we play cards at the wooden table. My cousin usually wins, and he laughs loudly every round. "
    "Last summer we took a train to the coast. The sea was cold but clear, and we swam before breakfast. "
    "My sister collected shells and painted them in bright colours. In the evenings we walked along the harbour "
    "and watched the boats come back with fish. Our aunt cooked soup with tomatoes, onions and garlic. "
    "I still remember the smell of salt and the noise of the gulls."
)
OFF_TOPIC_LINES = [sentence.strip().rstrip(".") + "." for sentence in OFF_TOPIC.split(". ")]


# Fair short paraphrases, a few per paragraph: each says what its paragraph says in other words (no
# quotation), and none reasons about it (no "but", "so", "because"...), so that filler built from them is
# filler only for want of an argument.
PARAPHRASES = {
    "P05": [
        "P05 says Rwanda is among the countries that send the most peacekeepers in the world.",
        "P05 reports roughly six thousand Rwandan peacekeepers in UN missions, the fourth-largest number globally.",
        "P05 places Rwanda near the top of the world's list of peacekeeping contributors.",
    ],
    "P07": [
        "P07 says the Rwandan approach turns the old pattern of strong states intervening in weak ones upside down.",
        "P07 adds that other regional actors could copy how the Rwandan army steps into countries in crisis.",
        "P07 ties the Rwandan case to the size of the country and to its path after the 1994 genocide.",
    ],
    "P08": [
        "P08 says Kigali has moved from multilateral missions to unilateral ones.",
        "P08 reports that Rwanda now sends its army to countries outside the Great Lakes region.",
        "P08 names the DRC, Burundi and Uganda as the Great Lakes neighbours Rwanda used to stay among.",
    ],
    "P13": [
        "P13 says Kagame wants the US and the EU to see Rwanda as a reliable partner.",
        "P13 reports that Rwanda gets money and less outside scrutiny of its politics in return.",
        "P13 describes Rwanda marketing itself as a solvent place where investment pays off.",
        "P13 says Rwanda wants the world to stop seeing it as a country scarred by genocide.",
        "P13 reports that Kigali presents Rwanda as committed to peace and stability in Africa.",
    ],
    "P15": [
        "P15 says the deployments distract attention from problems inside Rwanda.",
        "P15 reports that Mozambique has sheltered Kagame's political opponents for years.",
        "P15 mentions a growing worry that Rwanda's military deals may contain clauses aimed at opponents in exile.",
        "P15 describes the rule of law eroding and power gathering in the Rwandan Patriotic Front.",
        "P15 adds that dissenting voices in Rwanda are being silenced.",
    ],
    "P16": [
        "P16 says Rwanda's military activism has drawn political backlash near and far.",
        "P16 reports that Uganda and the DRC are worried by Rwanda's use of force on its own.",
        "P16 names Uganda and the DRC as the neighbours most concerned.",
    ],
    "P18": [
        "P18 says Kigali threatened to pull its troops out of peacekeeping when it was criticised over the DRC.",
        "P18 calls that threat a technique Rwanda could also use where it intervenes alone.",
        "P18 reports a threat to withdraw Rwandan contingents from peacekeeping operations.",
    ],
    "P19": [
        "P19 says South Africa is annoyed by Rwanda's activism.",
        "P19 reports that Pretoria sees Rwanda's overriding of regional mechanisms as an insult.",
        "P19 notes rising tension between the two countries after the Mozambique intervention.",
    ],
    "P20": [
        "P20 says states such as Benin are keen on Rwandan military expertise.",
        "P20 reports African interest in Rwanda's skills for fighting threats in their own countries.",
        "P20 names Benin among the African states drawn to Rwanda's expertise.",
    ],
    "P22": [
        "P22 says Rwanda can send troops fast, with none of the bureaucracy of multilateral forces.",
        "P22 reports that a bilateral Rwandan force seems easier to manage than a multinational one.",
        "P22 lists quick deployment and easier management as the two advantages.",
    ],
    "P23": [
        "P23 says Rwandan troops got good results quickly in Mozambique and the Central African Republic.",
        "P23 reports fewer insurgent attacks there and civilians kept safe.",
        "P23 credits the Rwandan troops with protecting civilians in a short time.",
        "P23 describes insurgency attacks going down after the Rwandan troops arrived.",
        "P23 reports good results for Rwandan troops in two countries within a short time.",
    ],
    "P24": [
        "P24 says Kigali has not passed its know-how on to local forces.",
        "P24 links this to a possible fear of making its own interventions unnecessary.",
        "P24 reports no transfer of skills to the host country's own troops.",
        "P24 says Kigali has shown neither the ability nor the willingness to train local forces.",
        "P24 describes a possible fear in Kigali of working itself out of future interventions.",
    ],
}
SECOND_SOURCE = "Cannon and Donelli (2023) report that the RDF agreed to train Mozambican contingents."
# Ways of saying one's position again: each sentence differs, none brings in the article.
RESTATED = (
    "My answer to this prompt is {p}.",
    "In other words, I would say {p}.",
    "Put differently, the right answer here is {p}.",
    "To say it another way, my position is {p}.",
    "Simply put, {p} is my conclusion.",
    "All in all, the answer is {p}.",
    "I have thought about this question carefully and I choose {p}.",
    "Looking at the article as a whole, the answer is {p}.",
    "That is my position on the question: {p}.",
    "To sum up, {p}.",
    "In short, it is {p}.",
    "My view, in the end, is {p}.",
    "Anyone who reads the text closely will agree: {p}.",
    "This is the answer I would defend in class: {p}.",
)

# A paraphrase, then a connective and the position again: reasoning words with nothing to reason about.
CONNECTED = (
    "So the answer is {p}.",
    "That is why I say {p}.",
    "Therefore my position is {p}.",
    "This shows that the answer is {p}.",
    "Because of this, my answer is {p}.",
    "Hence I say {p}.",
    "So, all in all, {p}.",
    "This is why the answer must be {p}.",
    "It follows that the answer is {p}.",
    "Thus I choose {p}.",
    "So I conclude {p}.",
    "Therefore, once again, {p}.",
)


def filler(n: int, position: str, evidence: list[str], argument: str) -> dict[str, str]:
    """Filler of three kinds for prompt n, each long enough to pass the word count: the position restated
    many ways around one-line paraphrases (issue 19's case); a string of fair paraphrases that never says
    what they mean for the position; the right answer's quotations strung together with restatements."""
    from coursekit.nb06_rules import PROMPTS, _sentences_and_quotes

    lo = PROMPTS[n].words[0]

    def fill(lines: list[str], pool: list[str]) -> str:
        lines, pool = list(lines), [line for line in pool if line not in lines]
        while len(" ".join(lines).split()) < lo + 5:
            lines.append(pool.pop(0))
        return "\n".join(lines)

    second = [SECOND_SOURCE] if n == 5 else []
    restated = [r.format(p=position) for r in RESTATED]
    one_line = [PARAPHRASES[e][0] for e in evidence]
    every_line = [lines[i] for i in range(5) for lines in (PARAPHRASES[e] for e in evidence) if i < len(lines)]
    quoted = [
        f'"{q.text}" ({q.cites[0]}).' for q in _sentences_and_quotes(argument)[1] if q.cites and q.cites[0] in evidence
    ]
    restatements = answer(n, position, evidence, fill(restated[:3] + one_line + second, restated[3:]))
    connected = [
        line for pair in zip(every_line, (c.format(p=position) for c in CONNECTED), strict=False) for line in pair
    ]
    return {
        "position restated around one-line paraphrases": restatements,
        "a string of paraphrases": answer(n, position, evidence, fill(second, every_line)),
        "paraphrases, each followed by 'so' and the position": answer(n, position, evidence, fill(second, connected)),
        "paraphrases interleaved with sentences about something else": answer(
            n,
            position,
            evidence,
            fill(second, [line for pair in zip(every_line, OFF_TOPIC_LINES, strict=False) for line in pair]),
        ),
        "quotations strung together with restatements": answer(
            n, position, evidence, fill(quoted + second + restated[:1], restated[1:])
        ),
    }


def cases(n: int, position: str, evidence: list[str], argument: str) -> dict[str, str]:
    """Variants of a correct answer for prompt n: the template, no position, and four kinds of filler."""
    from coursekit.nb06_rules import PROMPTS, _sentences_and_quotes

    lo = PROMPTS[n].words[0]
    ids = " ".join(f"({e})" for e in evidence)
    quotes = " ".join(
        f'"{q.text}" ({q.cites[0]}).' for q in _sentences_and_quotes(argument)[1] if q.cites and q.cites[0] in evidence
    )
    off_topic = quotes
    for sentence in OFF_TOPIC.split(". "):
        if len(off_topic.split()) < lo + 10:
            off_topic += " " + sentence.rstrip(".") + "."
    repeated = quotes + " This shows my position clearly." * (lo // 5)
    pasted = " ".join([PARAGRAPHS[e] for e in evidence] + list(PARAGRAPHS.values())).split()
    copied = quotes + " " + " ".join(pasted[: lo + 5 - len(quotes.split())])
    return filler(n, position, evidence, argument) | {
        "right": answer(n, position, evidence, argument),
        "no position": answer(n, ..., evidence, argument).replace("Ellipsis", "..."),
        "ids and filler": answer(n, position, evidence, f"{ids} " + FILLER * (lo // 30 + 1)),
        "quotes and a repeated sentence": answer(n, position, evidence, repeated),
        "quotes and off-topic sentences": answer(n, position, evidence, off_topic),
        "article pasted without quotation marks": answer(n, position, evidence, copied),
    }


def _paragraphs() -> dict[str, str]:
    import csv

    from coursekit import DATA

    with (DATA / "paragraphs.csv").open(encoding="utf-8") as f:
        return {row["paragraph_id"]: row["text"] for row in csv.DictReader(f)}


PARAGRAPHS = _paragraphs()


# Prompt 1: which motivation. Model: mostly regional. Alternative: mostly international.
A1 = """The article points first to an international motive. Rwanda "has become one of the world's top
contributors of peacekeepers" (P05), which gives it standing far beyond Africa. The motivations
section states the aim directly: Kagame "hopes that superpowers like the US and European Union will
view Rwanda as a reliable partner" (P13), and in return Rwanda "receives financial support and less
international scrutiny of its domestic politics" (P13). The same global stage also limits Rwanda:
its activism "has had political backlash in its neighbourhood and globally" (P16), and when it is
criticised over the DRC, Kigali "has threatened to withdraw its contingents from peacekeeping
operations" (P18), using its global role as leverage. The regional gains matter, but the article
keeps returning to how powerful outsiders see Rwanda, so the international motive explains most of
what it describes."""
C1 = cases(1, "mostly international", ["P05", "P13", "P16", "P18"], A1)

# Prompt 2: the top-down dynamic. Model: partly. Alternative: yes, with other evidence.
A2 = """Yes, on the article's evidence. The article claims that Rwanda's "military strategy is also
reversing the traditional top-down dynamic in global security efforts" (P07), and it backs this
with what follows. Kigali "has expanded the scope of its military engagements beyond multilateral
interventions to unilateral ones" (P08): a small state now intervenes where powerful countries
used to. In Mozambique and the Central African Republic, its troops "achieved good results within a
short space of time" (P23), and other states come to Rwanda rather than to the great powers:
"several African states, such as Benin, are interested in Rwanda's military expertise" (P20). The
article admits limits elsewhere, and it offers no figures for the results, but its own examples
show a small African state providing security to others, which is the reversal it describes."""
C2 = cases(2, "yes", ["P07", "P08", "P23", "P20"], A2)

# Prompt 3: bilateral or multilateral. Model: it depends. Alternative: multilateral, on the author's concerns.
A3 = """From the host state's point of view, the article's evidence favours a multilateral force. The
author's own concerns weigh most. Kigali "hasn't shown the ability or willingness to transfer
know-how to local forces" (P24), so a host may stay dependent on Rwandan troops. When it was
criticised over the DRC, Kigali threatened to pull out its peacekeepers, and the author calls this
"a technique that Rwanda could use in countries where it unilaterally intervenes" (P18): a host
could face the same pressure. Regional partners may object as well, since Pretoria "perceives
Rwanda's overriding of regional stability mechanisms as an affront" (P19). A bilateral deal is
quicker, as the article admits, but a multilateral force spreads these risks across many states."""
C3 = cases(3, "multilateral", ["P24", "P18", "P19"], A3)

# Prompt 4: the domestic claim. Model: asserted more than shown. Alternative: partly supported.
A4 = """The domestic claim is partly supported. The article states that "Rwanda's military diplomacy
diverts attention from what's happening within its borders" (P15) and gives one concrete case:
"Mozambique, for example, has been a haven for Kagame's political opponents for several years"
(P15). That example links the choice of a country to a domestic purpose, which is more than a bare
assertion. The motivations section adds that Rwanda gains "less international scrutiny of its
domestic politics" (P13), which fits the claim. But the key link is hedged: agreements "may include
clauses" against opponents in exile, and the concern is not attributed to anyone. The evidence
makes the claim plausible without showing that attention was in fact diverted."""
C4 = cases(4, "partly supported", ["P15", "P13"], A4)

# Prompt 5: two sources. Model: both can be right. Alternative: the article is more convincing.
A5 = """The article (2024) is more convincing on this point. It states that "Kigali hasn't shown the
ability or willingness to transfer know-how to local forces" (P24), and it is the later text, so it
can take account of what happened after the deployment began. Cannon and Donelli (2023) report only
that the RDF agreed to train Mozambican contingents: an agreement is a promise, not a result. The
article also reports results "within a short space of time" (P23) without saying that local forces
took over, which fits its claim. The plain text gives no source for the point, so a reader should
still look for a dated report on training; but between the two texts, the later and more specific
statement should carry more weight."""
C5 = cases(5, "the article (2024) is more convincing", ["P24", "P23"], A5)

# Prompt 6: the memo. Model: accept with conditions. Alternative: ask for a multilateral force instead.
A6 = """To: the Minister of Defence
From: policy adviser
Subject: Kigali's offer of troops

Recommendation: decline the bilateral offer and ask for a multilateral force instead.

Reasons. Rwanda's record is real: its troops "achieved good results within a short space of time"
(P23). But the article warns that Kigali "hasn't shown the ability or willingness to transfer
know-how to local forces" (P24), so we could depend on Rwandan troops for years. It also reports
that Rwanda's "unilateral use of military force is causing concern among its neighbours" (P16),
and that Pretoria "perceives Rwanda's overriding of regional stability mechanisms as an affront"
(P19): a bilateral deal could cost us our neighbours' support.

Risks. A multilateral force is slower, since multilateral forces "require cumbersome bureaucratic
mechanisms" (P22). We should ask the regional organisation for a quick decision and accept help
only within its mandate.

Limits of this advice: the article gives no figures for the results it reports, and we should
seek other sources before we decide."""
C6 = cases(6, "ask for a multilateral force instead", ["P23", "P24", "P16", "P19", "P22"], A6)


# Fair short paraphrases, with no quotation at all: each cited paragraph's point in the student's own words
# (e.g. "P15 says the deployments distract attention from problems inside Rwanda", issue 19), and sentences
# that say what it means for the position. These must pass every test.
FAIR = {
    1: answer(
        1,
        "mostly regional",
        ["P08", "P14", "P22", "P13"],
        """Most of what the article shows concerns Rwanda's place among African states, so the regional
motive explains the most. P08 says Kigali now sends its army to countries beyond the Great Lakes,
not only to its neighbours. P14 says that where its troops went, a fund tied to the ruling party
invested in mines and other projects, which is a concrete gain on the continent. P22 says African
states value that Rwanda can send troops fast and that a bilateral deal is easier to manage, which
explains why they invite it. P13 says Kagame wants the US and the EU to see Rwanda as a reliable
partner, but the article gives no example of what this has brought. So the regional evidence is
the most concrete, although the research behind all three motives is not cited in the plain text.""",
    ),
    2: answer(
        2,
        "partly",
        ["P07", "P23", "P09", "P13"],
        """P07 claims that Rwanda turns around the old pattern in which strong countries intervene in weak
ones. Part of the evidence fits this: P23 says Rwandan troops got good results quickly in Mozambique
and the Central African Republic, so a small state did what powerful states used to do. But P09 says
the same interventions did not settle conflicts that had lasted for years, which limits how far the
reversal goes. P13 says Kagame wants the US and the EU to see Rwanda as a reliable partner, and that
Rwanda gets money and less scrutiny in return; this suggests that Rwanda still looks up to the great
powers. The article shows a small state rising within the old order more than an order reversed.""",
    ),
    3: answer(
        3,
        "it depends on the conditions",
        ["P22", "P24", "P19"],
        """For a host state the article sets out a trade-off, so the answer depends on the conditions. P22
says Rwanda can send troops fast, with none of the slow bureaucracy of multilateral forces, and that
a bilateral force is easier to manage, which matters to a state under attack. But P24 says Kigali has
not passed its know-how on to local forces, so a host could stay dependent on Rwandan soldiers for
years. P19 says South Africa sees Rwanda's overriding of regional mechanisms as an insult, which
means a host could strain its ties with its region. A host that needs speed and can write training
and exit terms into the deal may prefer Rwanda; one that needs its neighbours should prefer a
multilateral force.""",
    ),
    4: answer(
        4,
        "partly supported",
        ["P15", "P13"],
        """The domestic claim is partly supported. P15 says the deployments distract attention from problems
inside Rwanda. That is the claim itself, but the same paragraph also gives a concrete case: Mozambique
has long sheltered Kagame's opponents, which ties the choice of a host country to a purpose at home.
P13 adds that in return for its role Rwanda gets money and less outside scrutiny of its politics,
which fits the idea that deployments shield the government. However, the key step is hedged: the
agreements only might contain clauses against exiles, and the article does not say who is worried.
So the evidence makes the claim plausible without showing that attention was actually diverted.""",
    ),
}


# Plain answers in a student's words, short and close to the fewest words allowed, with a few quotations
# and everyday reasoning: what a careful student writes. They must pass every test.
PLAIN = {
    1: answer(
        1,
        "all three together",
        ["P13", "P14", "P15"],
        """I think no single motive explains Rwanda's military diplomacy. The international side is clear in P13: Kagame
"hopes that superpowers like the US and European Union will view Rwanda as a reliable partner". The regional
side is economic: where troops went, "the fund has invested in mining and other projects" (P14). And the
domestic side is that the diplomacy "diverts attention from what's happening within its borders" (P15).
Each motive needs the others. Investments abroad also make Rwanda look solvent to Western partners, and
a good image abroad reduces scrutiny at home. The article itself presents them as three parts of one
strategy, so choosing one would ignore how they support each other. Still, the domestic part is the least
shown.""",
    ),
    2: answer(
        2,
        "no",
        ["P07", "P16", "P17", "P18"],
        """The article says Rwanda is "reversing the traditional top-down dynamic" (P07), but its own examples point
the other way. In its neighbourhood Rwanda acts like a bigger power: its "unilateral use of military force
is causing concern among its neighbours" (P16). In the DRC it is accused of backing rebels, since the DRC
government and observers "have condemned Rwanda's support for the M23 rebels" (P17). And when criticised it
threatened to pull its peacekeepers out (P18), which is pressure from above, not from below. So Rwanda does
not reverse the hierarchy; it copies the behaviour of powerful states towards smaller ones in its region.""",
    ),
    4: answer(
        4,
        "asserted more than shown",
        ["P15", "P13"],
        """The article's domestic claim is not backed by much. P15 says that military diplomacy "diverts attention from
what's happening within its borders" but there is no example of a story that was ignored because of a
deployment. The Mozambique point is the best evidence, because opponents of Kagame live there, yet the link
is only a "growing concern" and the agreements "may include clauses", which is hedged. P13 mentions "less
international scrutiny of its domestic politics", but this is stated as a result without any source or
figures. So the claim might be true, but the text asserts it more than it shows it.""",
    ),
    6: answer(
        6,
        "accept",
        ["P22", "P23", "P20", "P11"],
        """To: Minister of Defence
From: Adviser
Subject: Rwandan offer

I recommend that we accept. Rwanda "can deploy troops quickly" (P22), which matters because the insurgency
is growing every month. In Mozambique and the Central African Republic its troops "achieved good results
within a short space of time" (P23). Other states such as Benin are "interested in Rwanda's military
expertise" (P20), so we would not be alone. Rwandan troops also "coordinate well with local and other
external actors" (P11), which means our army can work with them.

Risks: the article says nothing about costs, and it gives no figures for the results. Rwanda has not always
trained the forces it helps, so the agreement should include training of our own soldiers and a clear end
date for the mission. We should also tell our neighbours about the agreement before it is signed, so that
they do not see it as a threat, and review the whole arrangement after one year.""",
    ),
    3: answer(
        3,
        "bilateral",
        ["P21", "P22", "P23"],
        """From the host's point of view the bilateral option looks better in the article. African states "see two
major advantages in Rwanda's bilateral security arrangements" (P21). The first is speed: Rwanda can send
soldiers fast, while multilateral forces need "cumbersome bureaucratic mechanisms" (P22). The second is
control, because a bilateral force is easier to manage than a multinational one (P22). The results also
matter: P23 says attacks went down and civilians were protected in Mozambique. A state in danger needs
help now, so waiting for a UN mandate is a real cost. However, these advantages are what states are said
to see, not measured results.""",
    ),
    5: answer(
        5,
        "these two sources cannot settle it",
        ["P24", "P23"],
        """The two texts do not give us enough to decide. The article says Kigali "hasn't shown the ability or
willingness to transfer know-how to local forces" (P24), while Cannon and Donelli (2023) say the RDF agreed
to train Mozambican contingents. An agreement is not proof that training happened, and the article gives no
source for its claim. P23 talks about good results in Mozambique, but it does not say who produced them
after the first months. Both texts are by the same author, so we cannot use one to check the other. We would
need an independent, dated report on the training.""",
    ),
}


# More plain answers, for prompts 1 and 2, whose reasoning sits in a sentence after the quotations.
PLAIN_MORE = {
    2: answer(
        2,
        "yes",
        ["P07", "P09", "P20", "P25"],
        """Yes. The article’s claim is that Rwanda is “reversing the traditional top-down dynamic” (P07). Its
interventions in the Central African Republic and Mozambique “showed what Rwandan armed forces are
capable of” (P09). Other African states now ask Rwanda, not a great power, for help: Benin is “interested
in Rwanda's military expertise” (P20). The article ends by saying Rwanda has “offered an alternative to
African multilateralism” (P25). A small African country is providing security to other African countries,
which is the opposite of the old pattern. The evidence is mostly the author's judgement, though, and he
admits the interventions were not decisive.""",
    ),
    1: answer(
        1,
        "mostly domestic",
        ["P15", "P13", "P06"],
        """My view is that the domestic motive matters most, even if the article gives it less space. P06 names three
motivations, but P15 says the diplomacy "diverts attention from what's happening within its borders", where
there is "a gradual erosion of the rule of law". The choice of Mozambique is telling, since it "has been a
haven for Kagame's political opponents". P13 also says that in return Rwanda gets "less international
scrutiny of its domestic politics", which means the international image serves a domestic purpose. However,
the article hedges this: the clauses only "may" exist, so this is a reading, not a proven fact.""",
    ),
}


def mutate(case: str, old: str, new: str) -> str:
    assert old in case, old
    return case.replace(old, new, 1)


# Ids that do not support the position: the same kind of answer, with evidence the position cannot rest on.
UNFIT = {
    1: answer(
        1,
        "mostly domestic",
        ["P05", "P16", "P18"],
        A1.replace(
            """The motivations
section states the aim directly: Kagame "hopes that superpowers like the US and European Union will
view Rwanda as a reliable partner" (P13), and in return Rwanda "receives financial support and less
international scrutiny of its domestic politics" (P13).""",
            """Its "about 6,000 peacekeepers serving in UN missions" (P05) are "the fourth-highest figure
globally" (P05), a rank that is watched far beyond the continent, by the governments that pay for
and judge UN missions and by those who decide where Rwanda may send its soldiers next.""",
        ),
    ),
    2: answer(2, "no", ["P07", "P08", "P23", "P20"], A2),
    3: answer(3, "bilateral", ["P24", "P18", "P19"], A3),
    4: answer(
        4,
        "well supported",
        ["P15", "P06"],
        A4.replace(
            """The motivations section adds that Rwanda gains "less international scrutiny of its
domestic politics" (P13), which fits the claim.""",
            """The claim rests on research in which "Political scientist Brendon Cannon and I recently
analysed" Rwanda's motives (P06), which the plain text does not cite.""",
        ),
    ),
    5: answer(
        5,
        "the article (2024) is more convincing",
        ["P22", "P23"],
        A5.replace(
            """It states that "Kigali hasn't shown the
ability or willingness to transfer know-how to local forces" (P24), and it""",
            """It stresses that Rwanda "can deploy troops quickly" (P22) and
says its troops do not pass on their skills to local forces, and it""",
        ),
    ),
    6: answer(
        6,
        "ask for a multilateral force instead",
        ["P23", "P22", "P20", "P11"],
        """To: the Minister of Defence
From: policy adviser
Subject: Kigali's offer of troops

Recommendation: ask for a multilateral force instead.

Reasons. The article reports that Rwandan troops "achieved good results within a short space of
time" (P23) in Mozambique and the Central African Republic. It says that Rwanda "can deploy troops
quickly", unlike "multilateral peacekeeping forces that require cumbersome bureaucratic mechanisms"
(P22). Other states are "interested in Rwanda's military expertise to counter threats in their
countries" (P20), and Rwandan troops "have also been able to coordinate well with local and other
external actors" (P11). These are strong reasons to value the offer, and they show that Rwanda's
forces can act fast, work with others and get results on the ground.

Risks. Our own forces need time to learn, and any foreign force must answer to our government. The
agreement must say who commands, for how long, and how the troops leave. We should also keep our
neighbours informed before any decision.

Limits of this advice: the article gives no figures for the results it reports.""",
    ),
}

# An invented quotation, and a real one credited to the wrong paragraph: (old, new) in the right answer.
INVENTED = {
    1: ("receives financial support and less", "is the strongest army in Africa and has less"),
    2: ("achieved good results within a", "won every battle within a"),
    3: ("as an affront", "as a threat to peace"),
    4: ("has been a haven for", "has always been a safe haven for"),
    5: ("within a short space of time", "within weeks"),
    6: ("is causing concern among its neighbours", "is feared by all its neighbours"),
}
WRONG_PARAGRAPH = {
    1: ("P05", "P13"),
    2: ("P08", "P20"),
    3: ("P24", "P19"),
    4: ("P15", "P13"),
    5: ("P24", "P23"),
    6: ("P24", "P19"),
}


def swap(code: str, a: str, b: str) -> str:
    """The same answer with the citations (a) and (b) swapped: each quotation now names the other paragraph."""
    assert f"({a})" in code and f"({b})" in code, (a, b)
    return code.replace(f"({a})", "(@)").replace(f"({b})", f"({a})").replace("(@)", f"({b})")


C = {1: C1, 2: C2, 3: C3, 4: C4, 5: C5, 6: C6}
NAMES = {
    1: "q1_motivation",
    2: "q2_top_down",
    3: "q3_bilateral",
    4: "q4_domestic_evidence",
    5: "q5_two_sources",
    6: "q6_memo",
}
RIGHT_LABELS = {
    1: "mostly international, other evidence",
    2: "yes, other evidence",
    3: "multilateral, on the author's own concerns (P18, P24)",
    4: "partly supported",
    5: "the article is more convincing",
    6: "a multilateral force instead, other evidence",
}
SAYS = {
    "no position": "not chosen a position yet",
    "ids and filler": "does not say what",
    "quotes and a repeated sentence": "repeats a sentence",
    "quotes and off-topic sentences": "does not argue from its evidence",
    "article pasted without quotation marks": "copies the article without quotation marks",
    "position restated around one-line paraphrases": "does not argue from its evidence",
    "a string of paraphrases": "does not argue from its evidence",
    "paraphrases, each followed by 'so' and the position": "does not argue from its evidence",
    "paraphrases interleaved with sentences about something else": "does not argue from its evidence",
    "quotations strung together with restatements": "does not argue from its evidence",
}
# Filler of every kind: it must score 0 of 3, not merely less than full marks (tests/test_nb06_rules.py).
FILLER_LABELS = [label for label in SAYS if label != "no position"]
UNFIT_SAYS = {
    1: "is coded domestic",
    2: "shows a limit",
    3: "shows what Rwanda's forces do",
    4: "weigh all of it",
    5: "has not transferred know-how",
    6: "shows a limit",
}


def question(n: int) -> Question:
    c = C[n]
    extra = []
    if n == 5:
        unnamed = mutate(c["right"], "Cannon and Donelli (2023) report", "A journal article reports")
        extra = [Case("second source not named", unnamed, says="does not name the second source")]
    return Question(
        NAMES[n],
        right=[Case(RIGHT_LABELS[n], c["right"])]
        + ([Case("fair paraphrases, no quotation", FAIR[n])] if n in FAIR else [])
        + [Case("a plain answer in a student's words", PLAIN[n])]
        + ([Case("another plain answer, reasoning after the quotations", PLAIN_MORE[n])] if n in PLAIN_MORE else []),
        wrong=extra
        + [Case(label, c[label], says=says) for label, says in SAYS.items()]
        + [
            Case("invented quotation", mutate(c["right"], *INVENTED[n]), says="not in the article word for word"),
            Case(
                "quotation from the wrong paragraph",
                swap(c["right"], *WRONG_PARAGRAPH[n]),
                says="the paragraph you name",
            ),
            Case("ids that do not support the position", UNFIT[n], says=UNFIT_SAYS[n]),
        ],
    )


KEY = AnswerKey(notebook="06_discussion-exercises", questions=[question(n) for n in range(1, 7)])
