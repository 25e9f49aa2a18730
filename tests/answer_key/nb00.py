"""Answer key for notebook 00, the Python warm-up."""

from tests.answer_key import AnswerKey, Case, Question

CITE = """def cite(sentence_id, text, n=6):
    words = text.split()
{body}
"""
P17_LOOP = (
    "ids, texts = [], []\nfor sid, text in zip(sentence_ids, sentence_texts):\n"
    "    if {test}:\n        ids.append(sid)\n        texts.append(text)\n"
)

KEY = AnswerKey(
    notebook="00_python-warm-up",
    questions=[
        Question(
            "q1_n_words",
            right=[
                Case("a loop", "n_words = 0\nfor word in sentence.split():\n    n_words = n_words + 1"),
                Case("count the spaces", 'n_words = sentence.count(" ") + 1'),
            ],
            wrong=[
                Case("characters", "n_words = len(sentence)", says="number of characters"),
                Case("the words, not their number", "n_words = sentence.split()", says="wrap it in len"),
                Case("a string", "n_words = str(len(sentence.split()))", says="should be a whole number"),
                Case("one word short", "n_words = len(sentence.split()) - 1", says=None),
            ],
            giveaways=["len(sentence.split())\nn_words"],
        ),
        Question(
            "q2_capitalised",
            blank_says="capitalised is empty",  # the edition's scaffold runs; the check names what it gives
            right=[
                Case("list comprehension", "capitalised = [w for w in sentence2.split() if w[0].isupper()]"),
                Case(
                    "compare with the upper-case letter",
                    "capitalised = []\nfor word in sentence2.split():\n"
                    "    if word[:1] == word[:1].upper() and word[:1].isalpha():\n        capitalised.append(word)",
                ),
            ],
            wrong=[
                Case(
                    "the letters",
                    "capitalised = [c for c in sentence2 if c.isupper()]",
                    says="single letters",
                ),
                Case("every word", "capitalised = sentence2.split()", says="do not start with a capital letter"),
                Case(
                    "title case only (drops US)",
                    "capitalised = [w for w in sentence2.split() if w.istitle()]",
                    says=None,
                ),
                Case("all capitals only", "capitalised = [w for w in sentence2.split() if w.isupper()]", says="Kagame"),
                Case(
                    "names without duplicates, sorted",
                    "capitalised = sorted(set(w for w in sentence2.split() if w[0].isupper()))",
                    says=None,
                ),
            ],
        ),
        Question(
            "q3_lengths",
            blank_says="lengths is empty",  # the edition's scaffold runs; the check names what it gives
            right=[
                Case("list comprehension", "lengths = [len(t.split()) for t in sentence_texts]"),
                Case("from the table", 'lengths = [int(n) for n in sentences["n_words"]]'),
            ],
            wrong=[
                Case("characters", "lengths = [len(t) for t in sentence_texts]", says="counts characters"),
                Case("the words themselves", "lengths = [t.split() for t in sentence_texts]", says="lists of words"),
                Case(
                    "append outside the loop",
                    "lengths = []\nfor text in sentence_texts:\n    n = len(text.split())\nlengths.append(n)",
                    says="inside the loop",
                ),
                Case(
                    "one sentence short", "lengths = [len(t.split()) for t in sentence_texts[1:]]", says="there are 68"
                ),
                Case(
                    "sorted",
                    "lengths = sorted(len(t.split()) for t in sentence_texts)",
                    says=None,
                ),
            ],
        ),
        Question(
            "q4_name_counts",
            blank_says="name_counts is empty",  # the edition's scaffold runs; the check names what it gives
            right=[
                Case(
                    "nested loops, as in the example",
                    "name_counts = {}\nfor name in NAMES:\n    name_counts[name] = 0\n    for text in sentence_texts:\n"
                    "        if name in text:\n            name_counts[name] = name_counts[name] + 1",
                ),
                Case(
                    "dict comprehension with pandas",
                    'name_counts = {n: int(sentences["text"].str.contains(n, regex=False).sum()) for n in NAMES}',
                ),
            ],
            wrong=[
                Case(
                    "every mention, not every sentence",
                    "name_counts = {n: sum(t.count(n) for t in sentence_texts) for n in NAMES}",
                    says=None,
                ),
                Case(
                    "dict made again inside the loop",
                    "for name in NAMES:\n    name_counts = {}\n"
                    "    name_counts[name] = sum(name in t for t in sentence_texts)",
                    says="no count",
                ),
                Case(
                    "whole words only",
                    "name_counts = {n: sum(n in t.split() for t in sentence_texts) for n in NAMES}",
                    says=None,
                ),
                Case(
                    "characters of the sentences",
                    "name_counts = {n: sum(len(t) for t in sentence_texts if n in t) for n in NAMES}",
                    says="larger than the number of sentences",
                ),
                Case(
                    "lower-case keys",
                    "name_counts = {n.lower(): sum(n in t for t in sentence_texts) for n in NAMES}",
                    says="have no count",
                ),
            ],
        ),
        Question(
            "q5_cite",
            blank_says="cite returns nothing",  # the edition's scaffold runs; the check names what it gives
            right=[
                Case(
                    "if and else",
                    CITE.format(
                        body="    if len(words) <= n:\n        return f'\"{text}\" ({sentence_id})'\n"
                        "    return '\"' + ' '.join(words[:n]) + ' ...\" (' + sentence_id + ')'"
                    ),
                ),
                Case(
                    "a conditional expression",
                    CITE.format(
                        body="    dots = ' ...' if len(words) > n else ''\n"
                        "    return '\"{}{}\" ({})'.format(' '.join(words[:n]), dots, sentence_id)"
                    ),
                ),
            ],
            wrong=[
                Case(
                    "prints instead of returning",
                    CITE.format(body="    print(' '.join(words[:n]))"),
                    says="returns nothing",
                ),
                Case(
                    "always adds the dots",
                    CITE.format(body='    return f\'"{" ".join(words[:n])} ..." ({sentence_id})\''),
                    says="there should be no dots",
                ),
                Case(
                    "characters instead of words",
                    CITE.format(body="    return f'\"{text[:n]} ...\" ({sentence_id})'"),
                    says="compare them character by character",
                ),
                Case(
                    "no quotation marks",
                    CITE.format(body="    return ' '.join(words[:n]) + ' ... (' + sentence_id + ')'"),
                    says="double quotation mark",
                ),
                Case(
                    "n ignored: always six words",
                    CITE.format(
                        body="    shown = ' '.join(words[:6]) + (' ...' if len(words) > 6 else '')\n"
                        "    return f'\"{shown}\" ({sentence_id})'"
                    ),
                    says=None,
                ),
                Case(
                    "the id without brackets",
                    CITE.format(
                        body="    shown = ' '.join(words[:n]) + (' ...' if len(words) > n else '')\n"
                        "    return f'\"{shown}\" {sentence_id}'"
                    ),
                    says="round brackets",
                ),
            ],
        ),
        Question(
            "q6_p17_table",
            right=[
                Case(
                    "the loop of the instructions",
                    P17_LOOP.format(test='sid.startswith("P17.")')
                    + 'p17_table = pd.DataFrame({"sentence_id": ids, "text": texts})',
                ),
                Case(
                    "a list of dicts",
                    'rows = [{"sentence_id": s, "text": t} for s, t in zip(sentence_ids, sentence_texts) '
                    'if s.split(".")[0] == "P17"]\np17_table = pd.DataFrame(rows)',
                ),
            ],
            wrong=[
                Case(
                    "a dict, not a table",
                    P17_LOOP.format(test='sid.startswith("P17.")') + 'p17_table = {"sentence_id": ids, "text": texts}',
                    says="make a DataFrame",
                ),
                Case(
                    "P1 instead of P17",
                    P17_LOOP.format(test='sid.startswith("P1")')
                    + 'p17_table = pd.DataFrame({"sentence_id": ids, "text": texts})',
                    says="not sentences of P17",
                ),
                Case(
                    "columns swapped",
                    P17_LOOP.format(test='sid.startswith("P17.")')
                    + 'p17_table = pd.DataFrame({"text": texts, "sentence_id": ids})',
                    says="in that order",
                ),
                Case(
                    "the whole sentences table",
                    'p17_table = sentences[sentences["paragraph_id"] == "P17"]',
                    says="two, sentence_id and text",
                ),
                Case(
                    "texts of the wrong sentences",
                    P17_LOOP.format(test='sid.startswith("P17.")')
                    + 'p17_table = pd.DataFrame({"sentence_id": ids, "text": sentence_texts[:3]})',
                    says=None,
                ),
            ],
        ),
        Question(
            "q7_longest_id",
            right=[
                Case("idxmax", 'longest_id = sentences.loc[sentences["n_words"].idxmax(), "sentence_id"]'),
                Case(
                    "from the lists",
                    "lengths = [len(t.split()) for t in sentence_texts]\n"
                    "longest_id = sentence_ids[lengths.index(max(lengths))]",
                ),
            ],
            wrong=[
                Case("the length", 'longest_id = sentences["n_words"].max()', says="not an id"),
                Case("the row number", 'longest_id = sentences["n_words"].idxmax()', says="not an id"),
                Case(
                    "shortest first",
                    'longest_id = sentences.sort_values("n_words")["sentence_id"].iloc[0]',
                    says="shorter sentences",
                ),
                Case(
                    "the longest text in characters",
                    'longest_id = sentences.loc[sentences["text"].str.len().idxmax(), "sentence_id"]',
                    says=None,
                ),
                Case(
                    "the whole column",
                    'longest_id = sentences.sort_values("n_words", ascending=False)["sentence_id"]',
                    says="take one item",
                ),
            ],
        ),
    ],
)
