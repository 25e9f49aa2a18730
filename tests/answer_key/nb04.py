"""Answer key for notebook 04, motivation analysis."""

from tests.answer_key import AnswerKey, Case, Question

STARTER = """
my_dictionary = {m: list(terms) for m, terms in STARTER_DICTIONARY.items()}
"""

# q5's and q6's answers, as a student who answered them has them (the notebook has no checkpoint for them).
P_O_P_E = """
p_o = (dict_codes == ref_codes).mean()
p_e = dict_codes.mean() * ref_codes.mean() + (1 - dict_codes.mean()) * (1 - ref_codes.mean())
"""

KEY = AnswerKey(
    notebook="04_motivation-analysis",
    questions=[
        Question(
            "q1_code_text",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "any() in one line",
                    "def code_text(text, terms):\n"
                    '    return int(any(re.search(r"\\b" + re.escape(t), text, re.I) for t in terms))',
                ),
                Case(
                    "lower-case both, then search",
                    "def code_text(text, terms):\n"
                    "    for term in terms:\n"
                    '        if re.search(r"\\b" + re.escape(term.lower()), text.lower()):\n'
                    "            return 1\n"
                    "    return 0",
                ),
            ],
            wrong=[
                Case(
                    "True/False instead of 1/0",
                    "def code_text(text, terms):\n"
                    '    return any(re.search(r"\\b" + re.escape(t), text, re.I) for t in terms)',
                    says="not True or False",
                ),
                Case(
                    "substring, not the start of a word",
                    "def code_text(text, terms):\n"
                    "    for term in terms:\n"
                    "        if term.lower() in text.lower():\n"
                    "            return 1\n"
                    "    return 0",
                    says="not at the start of a word",
                ),
                Case(
                    "case-sensitive",
                    "def code_text(text, terms):\n"
                    "    for term in terms:\n"
                    '        if re.search(r"\\b" + re.escape(term), text):\n'
                    "            return 1\n"
                    "    return 0",
                    says="re.IGNORECASE",
                ),
                Case(
                    "whole words only",
                    "def code_text(text, terms):\n"
                    '    return int(any(re.search(r"\\b" + re.escape(t) + r"\\b", text, re.I) for t in terms))',
                    says="START of a",
                ),
                Case(
                    "return 0 inside the loop",
                    "def code_text(text, terms):\n"
                    "    for term in terms:\n"
                    '        if re.search(r"\\b" + re.escape(term), text, re.I):\n'
                    "            return 1\n"
                    "        else:\n"
                    "            return 0\n"
                    "    return 0",
                    says="ANY term",
                ),
                Case(
                    "term not escaped",
                    "def code_text(text, terms):\n"
                    '    return int(any(re.search(r"\\b" + t, text, re.I) for t in terms))',
                    says="re.escape",
                ),
                Case(
                    "no return 0 after the loop",
                    "def code_text(text, terms):\n"
                    "    for term in terms:\n"
                    '        if re.search(r"\\b" + re.escape(term), text, re.I):\n'
                    "            return 1",
                    says="Return 0 after the loop",
                ),
                Case(
                    "one pattern of all terms (empty list matches everything)",
                    "def code_text(text, terms):\n"
                    '    pattern = r"\\b(?:" + "|".join(re.escape(t) for t in terms) + ")"\n'
                    "    return int(re.search(pattern, text, re.I) is not None)",
                    says="empty list",
                ),
            ],
            giveaways=["re.escape(term), text, flags=re.IGNORECASE) is not None"],
        ),
        Question(
            "q2_dictionary_coding",
            earlier="from course.answers.nb04 import code_text\n",  # the cases call q1's coder
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "one row per paragraph, via apply",
                    'dictionary_coding = body.set_index("paragraph_id")["text"].apply(\n'
                    "    lambda x: pd.Series({m: code_text(x, t) for m, t in STARTER_DICTIONARY.items()})\n"
                    ")",
                ),
                Case(
                    "a loop filling a dictionary",
                    "columns = {}\n"
                    "for motivation in MOTIVATIONS:\n"
                    "    columns[motivation] = [code_text(x, STARTER_DICTIONARY[motivation]) for x in body['text']]\n"
                    "dictionary_coding = pd.DataFrame(columns, index=list(body['paragraph_id']))",
                ),
            ],
            wrong=[
                Case(
                    "all lines, not the body paragraphs",
                    "dictionary_coding = pd.DataFrame({m: [code_text(x, t) for x in paragraphs['text']] "
                    "for m, t in STARTER_DICTIONARY.items()}, index=paragraphs['paragraph_id'])",
                    says="Use body",
                ),
                Case(
                    "no paragraph ids as index",
                    "dictionary_coding = pd.DataFrame({m: [code_text(x, t) for x in body['text']] "
                    "for m, t in STARTER_DICTIONARY.items()})",
                    says="index should be the paragraph ids",
                ),
                Case(
                    "True/False kept",
                    "dictionary_coding = pd.DataFrame({m: [bool(code_text(x, t)) for x in body['text']] "
                    "for m, t in STARTER_DICTIONARY.items()}, index=body['paragraph_id'])",
                    says="True/False",
                ),
                Case(
                    "the international terms in every column",
                    "dictionary_coding = pd.DataFrame({m: [code_text(x, STARTER_DICTIONARY['international']) "
                    "for x in body['text']] for m in MOTIVATIONS}, index=body['paragraph_id'])",
                    says="must use its own motivation's terms",
                ),
                Case(
                    "the reference coding copied",
                    # The notebook reads the reference after this question: the case reads it itself.
                    'reference = pd.read_csv(DATA / "motivation_coding.csv").set_index("paragraph_id")\n'
                    'dictionary_coding = reference.loc[[f"P{n:02d}" for n in range(1, 26)], MOTIVATIONS].copy()',
                    says=None,
                ),
            ],
            giveaways=["code_text(x, terms) for x in body"],
        ),
        Question(
            "q3_confusion",
            right=[
                Case(
                    "named Series",
                    "confusion_international = pd.crosstab(ref_codes['international'].rename('reference'), "
                    "dict_codes['international'].rename('dictionary'))",
                ),
                Case(
                    "keyword arguments",
                    "confusion_international = pd.crosstab(index=ref_codes['international'], "
                    "columns=dict_codes['international'], rownames=['reference'], colnames=['dictionary'])",
                ),
            ],
            wrong=[
                Case(
                    "rows and columns swapped, names kept",
                    "confusion_international = pd.crosstab(dict_codes['international'], ref_codes['international'], "
                    "rownames=['reference'], colnames=['dictionary'])",
                    says="Rows and columns are swapped",
                ),
                Case(
                    "rows and columns swapped with their names",
                    "confusion_international = pd.crosstab(dict_codes['international'], ref_codes['international'], "
                    "rownames=['dictionary'], colnames=['reference'])",
                    says="the other way round",
                ),
                Case(
                    "margins added",
                    "confusion_international = pd.crosstab(ref_codes['international'], dict_codes['international'], "
                    "rownames=['reference'], colnames=['dictionary'], margins=True)",
                    says="margins",
                ),
                Case(
                    "the regional columns",
                    "confusion_international = pd.crosstab(ref_codes['regional'], dict_codes['regional'], "
                    "rownames=['reference'], colnames=['dictionary'])",
                    says="confusion table for regional",
                ),
                Case(
                    "hard-coded wrong counts",
                    "confusion_international = pd.DataFrame([[13, 4], [1, 7]], "
                    "index=pd.Index([0, 1], name='reference'), columns=pd.Index([0, 1], name='dictionary'))",
                    says=None,
                ),
            ],
            giveaways=["[[14, 3], [0, 8]]"],
        ),
        Question(
            "q4_precision_recall",
            right=[
                Case(
                    "means over the masked codes",
                    "precision = ref_codes[dict_codes == 1].mean()\nrecall = dict_codes[ref_codes == 1].mean()",
                ),
                Case(
                    "TP / (TP + FP) spelled out",
                    "false_pos = ((dict_codes == 1) & (ref_codes == 0)).sum()\n"
                    "misses = ((dict_codes == 0) & (ref_codes == 1)).sum()\n"
                    "precision = true_positives / (true_positives + false_pos)\n"
                    "recall = true_positives / (true_positives + misses)",
                ),
            ],
            wrong=[
                Case(
                    "precision and recall swapped",
                    "precision = true_positives / ref_codes.sum()\nrecall = true_positives / dict_codes.sum()",
                    says="Did you swap the two?",
                ),
                Case(
                    ".count() instead of .sum()",
                    "precision = true_positives / dict_codes.count()\nrecall = true_positives / ref_codes.count()",
                    says="ALL paragraphs",
                ),
                Case(
                    "counts, not shares",
                    "precision = true_positives\nrecall = true_positives",
                    says="is a share",
                ),
                Case(
                    "a number, not a Series",
                    "precision = 8 / 11\nrecall = 1.0",
                    says="should be a pandas Series",
                ),
                Case(
                    "rounded values typed in",
                    "precision = pd.Series({'international': 0.727, 'regional': 0.8, 'domestic': 1.0})\n"
                    "recall = pd.Series({'international': 1.0, 'regional': 0.75, 'domestic': 1.0})",
                    says=None,
                ),
            ],
            giveaways=["0.727"],
        ),
        Question(
            "q5_observed_agreement",
            right=[
                Case("one minus the mean difference", "p_o = 1 - (dict_codes - ref_codes).abs().mean()"),
                Case("sum over the length", "p_o = (dict_codes == ref_codes).sum() / len(dict_codes)"),
            ],
            wrong=[
                Case(".sum() instead of .mean()", "p_o = (dict_codes == ref_codes).sum()", says="not .sum()"),
                Case("disagreement", "p_o = (dict_codes != ref_codes).mean()", says="DISAGREE"),
                Case(
                    "agreement on 1 only",
                    "p_o = ((dict_codes == 1) & (ref_codes == 1)).mean()",
                    says="only the paragraphs both codings code 1",
                ),
                Case("per paragraph", "p_o = (dict_codes == ref_codes).mean(axis=1)", says="one value per paragraph"),
                Case(
                    "one motivation only",
                    "p_o = (dict_codes['regional'] == ref_codes['regional']).mean()",
                    says="should be a pandas Series",
                ),
            ],
        ),
        Question(
            "q6_expected_agreement",
            right=[
                Case(
                    "named shares",
                    "d, r = dict_codes.mean(), ref_codes.mean()\np_e = d * r + (1 - d) * (1 - r)",
                ),
                Case(
                    "expanded formula",
                    "d, r = dict_codes.mean(), ref_codes.mean()\np_e = 1 - d - r + 2 * d * r",
                ),
            ],
            wrong=[
                Case(
                    "chance agreement on 1 only",
                    "p_e = dict_codes.mean() * ref_codes.mean()",
                    says="only the first part",
                ),
                Case(
                    "counts instead of shares",
                    "d, r = dict_codes.sum(), ref_codes.sum()\np_e = d * r + (1 - d) * (1 - r)",
                    says="between 0 and 1",
                ),
                Case(
                    "brackets lost: only the chance agreement on 0 is left",
                    "d, r = dict_codes.mean(), ref_codes.mean()\np_e = d * r + 1 - d * 1 - r",
                    says="only the second part",
                ),
                Case(
                    "brackets lost in the second product",
                    "d, r = dict_codes.mean(), ref_codes.mean()\np_e = d * r + 1 - d * (1 - r)",
                    says="check the brackets",
                ),
                Case(
                    "the worked example's regional value, rounded",
                    "p_e = pd.Series({'international': 0.522, 'regional': 0.53, 'domestic': 0.789})",
                    says="worked example",
                ),
                Case(
                    "values typed in, rounded to three decimals",
                    "p_e = pd.Series({'international': 0.522, 'regional': 0.528, 'domestic': 0.789})",
                    says=None,
                ),
            ],
        ),
        Question(
            "q7_kappa",
            earlier=P_O_P_E,  # the cases use q5's and q6's answers
            right=[
                Case("from the disagreements", "kappa = 1 - (1 - p_o) / (1 - p_e)"),
                Case(
                    "from the course tables directly",
                    "po = (dict_codes == ref_codes).mean()\n"
                    "pe = dict_codes.mean() * ref_codes.mean() + (1 - dict_codes.mean()) * (1 - ref_codes.mean())\n"
                    "kappa = (po - pe) / (1 - pe)",
                ),
            ],
            wrong=[
                Case("brackets left out", "kappa = p_o - p_e / (1 - p_e)", says="Check the brackets"),
                Case("wrong sign", "kappa = (p_e - p_o) / (1 - p_e)", says="wrong sign"),
                Case("divided by 1 - p_o", "kappa = (p_o - p_e) / (1 - p_o)", says="Divide by 1 - p_e"),
                Case(
                    "rounded values typed in",
                    "kappa = pd.Series({'international': 0.749, 'regional': 0.407, 'domestic': 1.0})",
                    says=None,
                ),
            ],
            giveaways=["0.749", "0.407"],
        ),
        Question(
            "q8_false_positives",
            right=[
                Case(
                    "a loop over the ids",
                    "intl_false_positives = [p for p in dict_codes.index if dict_codes.loc[p, 'international'] == 1 "
                    "and ref_codes.loc[p, 'international'] == 0]",
                ),
                Case(
                    "dictionary above the reference",
                    "intl_false_positives = list(dict_codes[dict_codes['international'] > "
                    "ref_codes['international']].index)",
                ),
            ],
            wrong=[
                Case(
                    "| instead of &",
                    "intl_false_positives = list(dict_codes.index[(dict_codes['international'] == 1) | "
                    "(ref_codes['international'] == 0)])",
                    says="not false positives",
                ),
                Case(
                    "misses instead of false positives",
                    "intl_false_positives = list(dict_codes.index[(dict_codes['international'] == 0) & "
                    "(ref_codes['international'] == 1)])",
                    says="Your list is empty",
                ),
                Case(
                    "the Index, not a list",
                    "intl_false_positives = dict_codes.index[(dict_codes['international'] == 1) & "
                    "(ref_codes['international'] == 0)]",
                    says="Wrap it in list",
                ),
                Case(
                    "the mask itself",
                    "intl_false_positives = list((dict_codes['international'] == 1) & "
                    "(ref_codes['international'] == 0))",
                    says="that is the mask",
                ),
                Case("some ids typed in", "intl_false_positives = ['P02', 'P03']", says=None),
            ],
            giveaways=["'P02', 'P03', 'P22'"],
        ),
        Question(
            "q9_my_dictionary",
            right=[
                Case(
                    "conflict and intervention words; politics for domestic",
                    STARTER
                    + "my_dictionary['international'].remove('US')\n"
                    + "my_dictionary['regional'] += ['DRC', 'bilateral', 'interven']\n"
                    + "my_dictionary['regional'].remove('continental')\n"
                    + "my_dictionary['regional'] += ['African']\n"
                    + "my_dictionary['domestic'] += ['politic']",
                ),
                Case(
                    "a defensible domestic addition that costs one paragraph",
                    STARTER
                    + "my_dictionary['regional'] += ['DRC', 'bilateral', 'interven']\n"
                    + "my_dictionary['domestic'] += ['politic']",
                ),
            ],
            wrong=[
                Case("the starter unchanged", STARTER, says=None),
                Case(
                    "phrases lifted from the misses",
                    STARTER
                    + "my_dictionary['regional'] += ['eastern DRC', 'bilateral security arrangements', "
                    + "'transfer know-how', 'threatened to withdraw']",
                    says="are phrases",
                ),
                Case(
                    "single words lifted from one paragraph each",
                    STARTER + "my_dictionary['regional'] += ['eastern', 'withdraw', 'arrangements', 'know-how']",
                    says="fewer than 2 body paragraphs",
                ),
                Case(
                    "a term that matches everything",
                    STARTER
                    + "my_dictionary['regional'] += ['DRC', 'bilateral', 'interven']\n"
                    + "my_dictionary['domestic'] += ['Rwanda']",
                    says=None,
                ),
                Case(
                    "a two-letter term",
                    STARTER + "my_dictionary['regional'] += ['DRC', 'bilateral', 'interven', 'in']",
                    says="shorter than 3 characters",
                ),
                Case(
                    "too many terms",
                    STARTER
                    + "my_dictionary['regional'] += ['DRC', 'bilateral', 'interven', 'Uganda', 'Burundi', 'Kigali', "
                    + "'troops', 'Africa', 'countries']",
                    says="at most 20",
                ),
            ],
            giveaways=['["interven", "DRC", "bilateral"]', 'remove("US")'],
        ),
    ],
)
