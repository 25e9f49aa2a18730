"""Answer key for notebook 05, reactions and implications."""

# The cases are student code, each kept on the line a student would type it.
# ruff: noqa: E501

from tests.answer_key import AnswerKey, Case, Question

EXAMPLE = (
    'row("concern", "Uganda and the DRC", "P16", '
    '"The country\'s unilateral use of military force is causing concern among its neighbours")'
)
ADV1 = '("advantage", "several African states", "P22", "Rwanda can deploy troops quickly")'
ADV2 = (
    '("advantage", "several African states", "P22", '
    '"appears easier to manage than a multinational army under a regional or international organisation")'
)
C17 = '("concern", "the DRC and international observers", "P17", "have condemned Rwanda\'s support for the M23 rebels")'
C19 = (
    '("concern", "South Africa", "P19", '
    '"perceives Rwanda\'s overriding of regional stability mechanisms as an affront")'
)
C15 = (
    '("concern", "unattributed", "P15", '
    '"may include clauses that close the space for Kagame\'s political opponents in exile")'
)
C24 = (
    '("concern", "Federico Donelli", "P24", '
    '"Kigali hasn\'t shown the ability or willingness to transfer know-how to local forces")'
)


def host(*rows: str, maker: str = "row") -> str:
    """Code that builds host_view from the worked example and the given rows."""
    body = ", ".join([EXAMPLE] + [f"{maker}{r}" for r in rows])
    return f"host_view = pd.DataFrame([{body}])"


def dot_plot(
    data: str = "reaction_table",
    mark: str = "mark_circle(size=140)",
    x: str = 'alt.X("stance:N", title="Stance")',
    y: str = 'alt.Y("name:N", title="Actor")',
    title: str = '"Reactions to Rwanda in the article, by actor and stance"',
    description: str = (
        '"Dot plot: each dot is an actor the article names with one stance it takes towards Rwanda; '
        'concern is the most frequent stance."'
    ),
) -> str:
    return (
        f"dot_plot = alt.Chart({data}, title={title}, description={description}).{mark}.encode(\n"
        f"    x={x}, y={y},\n"
        '    color=alt.Color("tone:N", scale=tone_colour, title="Tone"),\n'
        '    tooltip=["name:N", "stance:N", "paragraph_id:N"],\n'
        ")"
    )


UNCHECKED_ROW = '''
def unchecked_row(side, holder, paragraph_id, quote):
    """A row built by hand, as a student who bypasses row() would."""
    return {"side": side, "holder": holder, "paragraph_id": paragraph_id, "quote": quote}
'''

KEY = AnswerKey(
    notebook="05_reactions-and-implications",
    questions=[
        Question(
            "q1_reactions",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "query and left merge",
                    'reactions = stances.query("reaction_to_rwanda").merge(actors[["actor_id", "name", "type"]], '
                    'how="left", on="actor_id")',
                ),
                Case(
                    "merge first, then filter",
                    'both = stances.merge(actors[["actor_id", "name", "type"]], on="actor_id")\n'
                    'reactions = both[both["reaction_to_rwanda"] == True]',
                ),
            ],
            wrong=[
                Case(
                    "no filter",
                    'reactions = stances.merge(actors[["actor_id", "name", "type"]], on="actor_id")',
                    says="reaction_to_rwanda False",
                ),
                Case(
                    "filter on the text 'True'",
                    'reactions = stances[stances["reaction_to_rwanda"] == "True"].merge('
                    'actors[["actor_id", "name", "type"]], on="actor_id")',
                    says="reactions is empty",
                ),
                Case(
                    "inverted filter",
                    'reactions = stances[~stances["reaction_to_rwanda"]].merge('
                    'actors[["actor_id", "name", "type"]], on="actor_id")',
                    says="kept the rows where reaction_to_rwanda is False",
                ),
                Case(
                    "merged all of actors",
                    'reactions = stances[stances["reaction_to_rwanda"]].merge(actors, on="actor_id")',
                    says="paragraph_id_x",
                ),
                Case("no merge", 'reactions = stances[stances["reaction_to_rwanda"]]', says="no name or type column"),
                Case(
                    "outer merge adds every actor",
                    'reactions = stances[stances["reaction_to_rwanda"]].merge('
                    'actors[["actor_id", "name", "type"]], on="actor_id", how="outer")',
                    says='how="outer"',
                ),
            ],
        ),
        Question(
            "q2_stance_counts",
            right=[
                Case(
                    "groupby size, sorted",
                    'stance_counts = reaction_table.groupby("stance").size().sort_values(ascending=False)',
                ),
                Case("value_counts on the frame", 'stance_counts = reaction_table.value_counts("stance")'),
            ],
            wrong=[
                Case(
                    "count instead of value_counts", 'stance_counts = reaction_table["stance"].count()', says=".count()"
                ),
                Case(
                    "counted stances, not reactions",
                    'stance_counts = stances["stance"].value_counts()',
                    says="every row of stances",
                ),
                Case(
                    "shares",
                    'stance_counts = reaction_table["stance"].value_counts(normalize=True)',
                    says="normalize=True",
                ),
                Case(
                    "sorted by name",
                    'stance_counts = reaction_table["stance"].value_counts().sort_index()',
                    says="most frequent stance first",
                ),
                Case(
                    "counted the wrong column",
                    'stance_counts = reaction_table["type"].value_counts()',
                    says="stance words",
                ),
                Case(
                    "hard-coded, one count off",
                    'stance_counts = pd.Series({"concern": 5, "condemnation": 2, "interest": 2, "backlash": 1, '
                    '"partnership": 1, "annoyance": 1, "affront": 1, "tension": 1, "favourable_view": 1})',
                    says=None,
                ),
            ],
            giveaways=['reaction_table["stance"].value_counts()'],
        ),
        Question(
            "q3_stance_by_type",
            right=[
                Case(
                    "groupby and unstack",
                    'stance_by_type = reaction_table.groupby(["stance", "type"]).size().unstack(fill_value=0)',
                ),
                Case(
                    "crosstab on the columns by name",
                    "stance_by_type = pd.crosstab(index=reaction_table.stance, columns=reaction_table.type)",
                ),
            ],
            wrong=[
                Case(
                    "swapped",
                    'stance_by_type = pd.crosstab(reaction_table["type"], reaction_table["stance"])',
                    says="swapped",
                ),
                Case(
                    "margins",
                    'stance_by_type = pd.crosstab(reaction_table["stance"], reaction_table["type"], margins=True)',
                    says="margins=True",
                ),
                Case(
                    "all stances",
                    'm = stances.merge(actors[["actor_id", "type"]], on="actor_id")\n'
                    'stance_by_type = pd.crosstab(m["stance"], m["type"])',
                    says="every row of stances",
                ),
                Case(
                    "a Series",
                    'stance_by_type = reaction_table.groupby(["stance", "type"]).size()',
                    says="should be a DataFrame",
                ),
                Case(
                    "shares",
                    'stance_by_type = pd.crosstab(reaction_table["stance"], reaction_table["type"], normalize=True)',
                    says="normalize",
                ),
                Case(
                    "hard-coded, one cell off",
                    'stance_by_type = pd.crosstab(reaction_table["stance"], reaction_table["type"])\n'
                    'stance_by_type.loc["concern", "state"] += 1\nstance_by_type.loc["interest", "state"] -= 1',
                    says=None,
                ),
            ],
            giveaways=['pd.crosstab(reaction_table["stance"], reaction_table["type"])'],
        ),
        Question(
            "q4_reaction_paragraphs",
            right=[
                Case("set", 'reaction_paragraphs = sorted(set(reaction_table["paragraph_id"]))'),
                Case(
                    "drop_duplicates",
                    'reaction_paragraphs = reaction_table["paragraph_id"].drop_duplicates().sort_values().tolist()',
                ),
            ],
            wrong=[
                Case(
                    "no unique", 'reaction_paragraphs = sorted(reaction_table["paragraph_id"])', says="more than once"
                ),
                Case(
                    "not sorted",
                    'reaction_paragraphs = list(reaction_table["paragraph_id"].unique()[::-1])',
                    says="Sort the ids",
                ),
                Case(
                    "an array, not a list",
                    'reaction_paragraphs = reaction_table["paragraph_id"].unique()',
                    says="should be a list",
                ),
                Case(
                    "from stances",
                    'reaction_paragraphs = sorted(stances["paragraph_id"].unique())',
                    says="not reactions to Rwanda",
                ),
                Case(
                    "hard-coded, one missing",
                    'reaction_paragraphs = sorted(reaction_table["paragraph_id"].unique())[1:]',
                    says=None,
                ),
            ],
        ),
        Question(
            "q5_dot_plot",
            right=[
                Case(
                    "a subset of the columns, properties for title",
                    (
                        'dot_plot = alt.Chart(reaction_table[["name", "stance", "tone", "paragraph_id"]]).mark_point(filled=True).encode(\n'
                        '    x=alt.X("stance", type="nominal", title="Stance (the article\'s word)"),\n'
                        '    y=alt.Y("name", type="nominal", title="Who reacts"),\n'
                        '    color=alt.Color("tone:N", scale=tone_colour),\n'
                        '    tooltip=[alt.Tooltip("name:N"), alt.Tooltip("stance:N"), alt.Tooltip("paragraph_id:N")],\n'
                        ').properties(title=alt.Title("How actors react to Rwanda", subtitle="one dot per actor and stance"),\n'
                        '    description="Each dot shows an actor who reacts to Rwanda and its stance; most stances are critical.")'
                    ),
                ),
                Case("the taught pattern", dot_plot()),
            ],
            wrong=[
                Case("title x", dot_plot(title='"x"'), says="does not say what is drawn"),
                Case("description x", dot_plot(description='"x"'), says="full sentence"),
                Case(
                    "description says nothing of what is drawn",
                    dot_plot(description='"This is my chart for exercise five of the notebook, made with altair."'),
                    says="say what is drawn",
                ),
                Case("bars", dot_plot(mark="mark_bar()"), says="not mark_bar"),
                Case(
                    "axes swapped",
                    dot_plot(x='alt.X("name:N", title="Actor")', y='alt.Y("stance:N", title="Stance")'),
                    says="swapped",
                ),
                Case("no axis titles", dot_plot(x='"stance:N"', y='"name:N"'), says="readable title"),
                Case(
                    "data without names",
                    dot_plot(data="stances.assign(tone=stances['stance'].map(TONE))"),
                    says="has no column",
                ),
                Case(
                    "every stance, not only reactions",
                    dot_plot(
                        data='stances.merge(actors[["actor_id", "name"]], on="actor_id")'
                        '.assign(tone=lambda d: d["stance"].map(TONE))'
                    ),
                    says=None,
                ),
            ],
        ),
        Question(
            "q6_ambiguity_claims",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "query", "ambiguity_claims = claims.query(\"theme in ['security_provider', 'drc_m23_ambiguity']\")"
                ),
                Case(
                    "two masks with |",
                    'ambiguity_claims = claims[(claims["theme"] == "security_provider") | (claims["theme"] == "drc_m23_ambiguity")]',
                ),
            ],
            wrong=[
                Case(
                    "the mask only",
                    'ambiguity_claims = claims["theme"].isin(["security_provider", "drc_m23_ambiguity"])',
                    says="that is the mask",
                ),
                Case(
                    "one theme",
                    'ambiguity_claims = claims[claims["theme"] == "security_provider"]',
                    says="keep exactly the two themes",
                ),
                Case(
                    "sorted by theme",
                    'ambiguity_claims = claims[claims["theme"].isin(["security_provider", "drc_m23_ambiguity"])]'
                    '.sort_values("theme")',
                    says="do not sort",
                ),
                Case(
                    "some columns only",
                    'ambiguity_claims = claims.loc[claims["theme"].isin(["security_provider", "drc_m23_ambiguity"]), '
                    '["claim_id", "theme", "quote"]]',
                    says="Keep all the columns",
                ),
                Case(
                    "one claim dropped",
                    'ambiguity_claims = claims[claims["theme"].isin(["security_provider", "drc_m23_ambiguity"])].iloc[1:]',
                    says=None,
                ),
            ],
            giveaways=['claims["theme"].isin(["security_provider", "drc_m23_ambiguity"])]'],
        ),
        Question(
            "q7_evidence_share",
            earlier="ambiguity_claims = ambiguity_claims_ok\n",  # some cases use q6's answer by its name
            right=[
                Case(
                    "assign and groupby",
                    'evidence_share = ambiguity_claims.assign(has=ambiguity_claims["evidence_in_article"].eq("yes"))'
                    '.groupby("theme")["has"].mean()',
                ),
                Case(
                    "count over size",
                    'yes = two_sides[two_sides["evidence_in_article"] == "yes"].groupby("theme").size()\n'
                    'evidence_share = (yes / two_sides.groupby("theme").size()).fillna(0)',
                ),
            ],
            wrong=[
                Case(
                    "sum, not mean",
                    'evidence_share = (two_sides["evidence_in_article"] == "yes").groupby(two_sides["theme"]).sum()',
                    says="not the sum or a count",
                ),
                Case(
                    "capital Yes",
                    'evidence_share = (two_sides["evidence_in_article"] == "Yes").groupby(two_sides["theme"]).mean()',
                    says="lower case",
                ),
                Case(
                    "all themes",
                    'evidence_share = (claims["evidence_in_article"] == "yes").groupby(claims["theme"]).mean()',
                    says="The index should be the two themes",
                ),
                Case(
                    "no groupby",
                    'evidence_share = (two_sides["evidence_in_article"] == "yes").mean()',
                    says="one share per theme",
                ),
                Case(
                    "share of no",
                    'evidence_share = (two_sides["evidence_in_article"] == "no").groupby(two_sides["theme"]).mean()',
                    says=None,
                ),
            ],
            giveaways=["0.333", "0.4 ", "4/10", "1/3"],
        ),
        Question(
            "q8_drc_sentences",
            right=[
                Case(
                    "two masks",
                    'drc_sentences = sentences[sentences["text"].str.contains("DRC") | sentences["text"].str.contains("M23")]'
                    '["sentence_id"].tolist()',
                ),
                Case(
                    "list comprehension",
                    'drc_sentences = [i for i, t in zip(sentences["sentence_id"], sentences["text"]) if "DRC" in t or "M23" in t]',
                ),
            ],
            wrong=[
                Case(
                    "spaces in the pattern",
                    'drc_sentences = sentences.loc[sentences["text"].str.contains("DRC | M23"), "sentence_id"].tolist()',
                    says="check your pattern for spaces",
                ),
                Case(
                    "a Series",
                    'drc_sentences = sentences.loc[sentences["text"].str.contains("DRC|M23"), "sentence_id"]',
                    says=".tolist()",
                ),
                Case(
                    "the text, not the ids",
                    'drc_sentences = sentences.loc[sentences["text"].str.contains("DRC|M23"), "text"].tolist()',
                    says="keep the sentence_id column",
                ),
                Case(
                    "only M23",
                    'drc_sentences = sentences.loc[sentences["text"].str.contains("M23"), "sentence_id"].tolist()',
                    says="Some sentences that mention the DRC are missing",
                ),
                Case(
                    "P08 left out",
                    'drc_sentences = sentences.loc[sentences["text"].str.contains("DRC|M23") & '
                    'sentences["paragraph_id"].ne("P08"), "sentence_id"].tolist()',
                    says="Some sentences that mention the DRC are missing",
                ),
            ],
            giveaways=['str.contains("DRC|M23")', "P08.S2"],
        ),
        Question(
            "q9_host_view",
            earlier=UNCHECKED_ROW,  # a row built by hand, as a student who bypasses row() would
            right=[
                Case("the required rows", host(ADV1, ADV2, C17, C19, C15, C24)),
                Case(
                    "other words and holders",
                    host(
                        '("advantage", "Benin", "P22", "unlike multilateral peacekeeping forces that require cumbersome '
                        'bureaucratic mechanisms")',
                        '("advantage", "several African states and Benin", "P22", "the involvement of Rwandan troops under '
                        'a bilateral agreement appears easier to manage")',
                        '("concern", "international observers", "P17", "have condemned Rwanda\'s support for the M23 rebels")',
                        '("concern", "Pretoria", "P19", "have also expressed annoyance with Rwandan activism")',
                        '("concern", "Federico Donelli", "P18", "This is a technique that Rwanda could use in countries '
                        'where it unilaterally intervenes")',
                    ),
                ),
            ],
            wrong=[
                Case(
                    "quotes reduced to 'the', holder x",
                    host(
                        *[
                            f'("{side}", "x", "{pid}", "the")'
                            for side, pid in [
                                ("advantage", "P22"),
                                ("advantage", "P22"),
                                ("concern", "P17"),
                                ("concern", "P19"),
                                ("concern", "P15"),
                            ]
                        ],
                        maker="unchecked_row",
                    ),
                    says="too short to carry a point",
                ),
                Case(
                    "holder x with real quotes",
                    host(ADV1, ADV2, C15, C24, maker="row").replace(
                        "])",
                        ", "
                        + ", ".join(
                            f"unchecked_row{r}"
                            for r in [
                                '("concern", "x", "P17", "have condemned Rwanda\'s support for the M23 rebels")',
                                '("concern", "x", "P19", "perceives Rwanda\'s overriding of regional stability mechanisms as an affront")',
                            ]
                        )
                        + "])",
                    ),
                    says="not actors of actors.csv",
                ),
                Case(
                    "both advantages in one row",
                    host(
                        '("advantage", "several African states", "P22", "Rwanda can deploy troops quickly. Second, the '
                        'involvement of Rwandan troops under a bilateral agreement appears easier to manage")',
                        C17,
                        C19,
                        C15,
                    ),
                    says="1 advantage rows",
                ),
                Case("too few concerns", host(ADV1, ADV2, C17, C19), says="at least four"),
                Case("no P19 concern", host(ADV1, ADV2, C17, C15, C24), says="['P19']"),
                Case(
                    "the same advantage twice",
                    host(
                        ADV1,
                        '("advantage", "Benin", "P22", "unlike multilateral peacekeeping forces that require cumbersome '
                        'bureaucratic mechanisms, Rwanda can deploy troops quickly")',
                        C17,
                        C19,
                        C15,
                    ),
                    says=None,
                ),
                Case(
                    "the M23 condemnation given to the author",
                    host(
                        ADV1,
                        ADV2,
                        '("concern", "Federico Donelli", "P17", "Entanglement in DRC\'s internal affairs contradicts '
                        "Rwanda's desired image\")",
                        C19,
                        C15,
                    ),
                    says=None,
                ),
                Case(
                    "advantages held by Rwanda",
                    host(
                        ADV1.replace("several African states", "Rwanda"),
                        ADV2.replace("several African states", "Kigali"),
                        C17,
                        C19,
                        C15,
                    ),
                    says=None,
                ),
            ],
        ),
    ],
)
