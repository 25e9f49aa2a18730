"""Answer key for notebook 07, the capstone: the course's method as functions, on a text of the student's choice."""

from tests.answer_key import AnswerKey, Case, Question


def function(body: str) -> str:
    """A case's code: a cell that defines a function (the body is written without indentation)."""
    return body.strip() + "\n"


BLOCKS_SPLITLINES = function(
    """
def blocks(text):
    if any(line.strip() == "" for line in text.splitlines()):
        found, current = [], []
        for line in text.splitlines() + [""]:
            if line.strip():
                current.append(line.strip())
            elif current:
                found.append(" ".join(" ".join(current).split()))
                current = []
        return found
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
"""
)

SEGMENT_ALT = function(
    """
def segment(text):
    parts = blocks(text)
    rows, seen, section = [], Counter(), "Introduction"
    for i, block in enumerate(parts):
        kind = kind_of(block, i == len(parts) - 1)
        seen[kind] += 1
        if kind == "heading":
            section = block
        number = seen[kind]
        block_id = "P%02d" % number if kind == "paragraph" else kind[0].upper() + str(number)
        rows.append([block_id, kind, section, len(block.split()), block])
    return pd.DataFrame(rows, columns=["paragraph_id", "kind", "section", "n_words", "text"])
"""
)

KEY = AnswerKey(
    notebook="07_capstone-your-own-text",
    questions=[
        Question(
            "q1_blocks",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[Case("line by line", BLOCKS_SPLITLINES)],
            wrong=[
                Case(
                    "empty pieces kept",
                    'def blocks(text):\n    return [" ".join(p.split()) for p in re.split(r"\\n\\s*\\n", text)]\n',
                    says="empty piece",
                ),
                Case(
                    "always one line per block",
                    'def blocks(text):\n    return [" ".join(p.split()) for p in text.split("\\n") if p.strip()]\n',
                    says="single line break inside a block",
                ),
                Case(
                    "split on two line breaks",
                    "def blocks(text):\n"
                    '    sep = "\\n\\n" if "\\n\\n" in text else "\\n"\n'
                    '    return [" ".join(p.split()) for p in text.split(sep) if p.strip()]\n',
                    says="not with .split('\\n\\n')",
                ),
                Case(
                    "always blank lines",
                    'def blocks(text):\n    return [" ".join(p.split()) for p in re.split(r"\\n\\s*\\n", text)'
                    " if p.strip()]\n",
                    says="one block per line",
                ),
                Case(
                    "not tidied",
                    "def blocks(text):\n"
                    '    sep = r"\\n\\s*\\n" if re.search(r"\\n\\s*\\n", text) else "\\n"\n'
                    "    return [p.strip() for p in re.split(sep, text) if p.strip()]\n",
                    says="tidy each block",
                ),
                Case(
                    "empty text gives a block",
                    "def blocks(text):\n"
                    '    sep = r"\\n\\s*\\n" if re.search(r"\\n\\s*\\n", text) else "\\n"\n'
                    '    found = [" ".join(p.split()) for p in re.split(sep, text) if p.strip()]\n'
                    "    return found if text.strip() else [text]\n",
                    says=None,
                ),
            ],
            giveaways=[r'separator = r"\n\s*\n" if'],
        ),
        Question(
            "q2_kind",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "one condition per return",
                    function(
                        """
def kind_of(block, is_last=False):
    sentence = ends_like_sentence(block)
    if not sentence and (is_last or block[:3] == "By "):
        return "byline"
    if not sentence and len(block.split()) < 13:
        return "heading"
    return "paragraph"
"""
                    ),
                )
            ],
            wrong=[
                Case(
                    "wrong words",
                    'def kind_of(block, is_last=False):\n    return "Heading" if not ends_like_sentence(block)'
                    ' else "text"\n',
                    says="spelt exactly so",
                ),
                Case(
                    "heading rule first",
                    function(
                        """
def kind_of(block, is_last=False):
    if not ends_like_sentence(block) and len(block.split()) <= 12:
        return "heading"
    if not ends_like_sentence(block) and (block.startswith("By ") or is_last):
        return "byline"
    return "paragraph"
"""
                    ),
                    says="before rule 2",
                ),
                Case(
                    "is_last ignored",
                    function(
                        """
def kind_of(block, is_last=False):
    if not ends_like_sentence(block):
        if block.startswith("By "):
            return "byline"
        if len(block.split()) <= 12:
            return "heading"
    return "paragraph"
"""
                    ),
                    says="use is_last",
                ),
                Case(
                    "byline before the sentence test",
                    function(
                        """
def kind_of(block, is_last=False):
    if block.startswith("By "):
        return "byline"
    if not ends_like_sentence(block):
        if is_last:
            return "byline"
        if len(block.split()) <= 12:
            return "heading"
    return "paragraph"
"""
                    ),
                    says="does not end like a sentence",
                ),
                Case(
                    "notebook 01's five words",
                    function(
                        """
def kind_of(block, is_last=False):
    if not ends_like_sentence(block):
        if block.startswith("By ") or is_last:
            return "byline"
        if len(block.split()) <= 5:
            return "heading"
    return "paragraph"
"""
                    ),
                    says="12 words",
                ),
                Case(
                    "full stop only",
                    function(
                        """
def kind_of(block, is_last=False):
    if not block.endswith("."):
        if block.startswith("By ") or is_last:
            return "byline"
        if len(block.split()) <= 12:
            return "heading"
    return "paragraph"
"""
                    ),
                    says=None,
                ),
                Case(
                    "By without the space",
                    function(
                        """
def kind_of(block, is_last=False):
    if not ends_like_sentence(block):
        if block.lower().startswith("by") or is_last:
            return "byline"
        if len(block.split()) <= 12:
            return "heading"
    return "paragraph"
"""
                    ),
                    says=None,
                ),
            ],
        ),
        Question(
            "q3_segment",
            earlier="from course.answers.nb07 import blocks, kind_of\n",  # the cases call q1's and q2's functions
            pasted="fails",  # a hidden test runs it on other inputs
            right=[Case("counter and list rows", SEGMENT_ALT)],
            wrong=[
                Case(
                    "a list, not a table",
                    "def segment(text):\n    return [(kind_of(b), b) for b in blocks(text)]\n",
                    says="should return a DataFrame",
                ),
                Case(
                    "is_last never given",
                    SEGMENT_ALT.replace("kind_of(block, i == len(parts) - 1)", "kind_of(block)"),
                    says="is_last=True",
                ),
                Case(
                    "one count for all kinds",
                    SEGMENT_ALT.replace("number = seen[kind]", "number = i + 1").replace(
                        '"P%02d" % number if kind == "paragraph" else kind[0].upper() + str(number)',
                        '"P%02d" % number',
                    ),
                    says="count within each kind",
                ),
                Case(
                    "ids without two digits",
                    SEGMENT_ALT.replace('"P%02d" % number', '"P" + str(number)'),
                    says="two digits",
                ),
                Case(
                    "section changed after the row",
                    SEGMENT_ALT.replace('        if kind == "heading":\n            section = block\n', "").replace(
                        "rows.append([block_id, kind, section, len(block.split()), block])",
                        "rows.append([block_id, kind, section, len(block.split()), block])\n"
                        '        if kind == "heading":\n            section = block',
                    ),
                    says="before you append the heading's row",
                ),
                Case(
                    "characters, not words",
                    SEGMENT_ALT.replace("len(block.split())", "len(block)"),
                    says="counts characters",
                ),
                Case(
                    "empty text gives a row",
                    SEGMENT_ALT.replace("    parts = blocks(text)\n", "    parts = blocks(text) or [text]\n"),
                    says=None,
                ),
            ],
        ),
        Question(
            "q4_years",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "loop and set",
                    function(
                        """
def find_years(text):
    years = set()
    for match in re.finditer(r"(?<!\\w)(1[89]\\d\\d|20\\d\\d)(?!\\w)", text):
        years.add(int(match.group()))
    return sorted(years)
"""
                    ),
                )
            ],
            wrong=[
                Case(
                    "strings kept",
                    'def find_years(text):\n    return sorted(set(re.findall(r"\\b(?:18|19|20)\\d{2}\\b", text)))\n',
                    says="int(...)",
                ),
                Case(
                    "duplicates kept",
                    "def find_years(text):\n"
                    '    return sorted(int(y) for y in re.findall(r"\\b(?:18|19|20)\\d{2}\\b", text))\n',
                    says="each year once",
                ),
                Case(
                    "not sorted",
                    "def find_years(text):\n"
                    '    return list(dict.fromkeys(int(y) for y in re.findall(r"\\b(?:18|19|20)\\d{2}\\b", text)))\n',
                    says="sort the years",
                ),
                Case(
                    "notebook 01's pattern",
                    'def find_years(text):\n    return sorted({int(y) for y in re.findall(r"\\b\\d{4}\\b", text)})\n',
                    says="4000 is not a year",
                ),
                Case(
                    "no word boundaries",
                    "def find_years(text):\n    return sorted({int(y) for y in"
                    ' re.findall(r"(?:18|19|20)\\d{2}", text)})\n',
                    says="M2023 is a code",
                ),
                Case(
                    "1900s and 2000s only",
                    "def find_years(text):\n    return sorted({int(y) for y in"
                    ' re.findall(r"\\b(?:19|20)\\d{2}\\b", text)})\n',
                    says="from 1800",
                ),
                Case(
                    "hard-coded for the check",
                    "def find_years(text):\n    return [1850] if '1850' in text else [1994, 2021]\n",
                    says=None,
                ),
            ],
            giveaways=["(?:18|19|20)", "(18|19|20)"],
        ),
        Question(
            "q5_places",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "first match of all names",
                    function(
                        """
def find_places(text, names):
    hits = [(m.start(), name) for name in names for m in [re.search(rf"\\b{re.escape(name)}\\b", text)] if m]
    return [name for start, name in sorted(hits)]
"""
                    ),
                )
            ],
            wrong=[
                Case(
                    "order of the list of names",
                    "def find_places(text, names):\n"
                    '    return [n for n in names if re.search(r"\\b" + re.escape(n) + r"\\b", text)]\n',
                    says="sort the names by where they first occur",
                ),
                Case(
                    "no whole words",
                    "def find_places(text, names):\n"
                    "    found = {n: text.find(n) for n in names if n in text}\n"
                    "    return sorted(found, key=found.get)\n",
                    says="put \\b before and after",
                ),
                Case(
                    "every mention",
                    "def find_places(text, names):\n"
                    '    hits = [(m.start(), n) for n in names for m in re.finditer(r"\\b" + re.escape(n) +'
                    ' r"\\b", text)]\n'
                    "    return [n for s, n in sorted(hits)]\n",
                    says="give each name once",
                ),
                Case(
                    "a dictionary returned",
                    "def find_places(text, names):\n"
                    '    return {n: m.start() for n in names if (m := re.search(r"\\b" + re.escape(n) +'
                    ' r"\\b", text))}\n',
                    says="should return a list",
                ),
                Case(
                    "case ignored",
                    "def find_places(text, names):\n"
                    "    found = {}\n"
                    "    for n in names:\n"
                    '        m = re.search(r"\\b" + re.escape(n) + r"\\b", text, flags=re.IGNORECASE)\n'
                    "        if m:\n"
                    "            found[n] = m.start()\n"
                    "    return sorted(found, key=found.get)\n",
                    says=None,
                ),
            ],
        ),
        Question(
            "q6_place_table",
            earlier="from course.answers.nb07 import find_places\n",  # the cases call q5's function
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "value_counts",
                    function(
                        """
def place_table(segments, names):
    texts = segments.loc[segments["kind"] == "paragraph", "text"]
    found = pd.Series([p for t in texts for p in find_places(t, names)], dtype=object)
    table = found.value_counts().rename_axis("place").reset_index(name="n_paragraphs")
    return table.sort_values(["n_paragraphs", "place"], ascending=[False, True], ignore_index=True)
"""
                    ),
                )
            ],
            wrong=[
                Case(
                    "wrong column names",
                    function(
                        """
def place_table(segments, names):
    body = segments[segments["kind"] == "paragraph"]
    counter = Counter(p for t in body["text"] for p in find_places(t, names))
    return pd.DataFrame(list(counter.items()), columns=["country", "count"])
"""
                    ),
                    says="The columns should be ['place', 'n_paragraphs']",
                ),
                Case(
                    "heading counted",
                    function(
                        """
def place_table(segments, names):
    counter = Counter(p for t in segments["text"] for p in find_places(t, names))
    table = pd.DataFrame(list(counter.items()), columns=["place", "n_paragraphs"])
    return table.sort_values(["n_paragraphs", "place"], ascending=[False, True]).reset_index(drop=True)
"""
                    ),
                    says="the heading 'Kenya and Chad' was counted",
                ),
                Case(
                    "mentions, not paragraphs",
                    function(
                        """
def place_table(segments, names):
    body = segments[segments["kind"] == "paragraph"]
    counter = Counter(n for t in body["text"] for n in names for _ in re.findall(r"\\b" + re.escape(n) + r"\\b", t))
    table = pd.DataFrame(list(counter.items()), columns=["place", "n_paragraphs"])
    return table.sort_values(["n_paragraphs", "place"], ascending=[False, True]).reset_index(drop=True)
"""
                    ),
                    says="counts Kenya twice",
                ),
                Case(
                    "not sorted",
                    function(
                        """
def place_table(segments, names):
    body = segments[segments["kind"] == "paragraph"]
    counter = Counter(p for t in body["text"] for p in find_places(t, names))
    return pd.DataFrame(sorted(counter.items()), columns=["place", "n_paragraphs"])
"""
                    ),
                    says="sort by n_paragraphs",
                ),
                Case(
                    "index kept",
                    function(
                        """
def place_table(segments, names):
    body = segments[segments["kind"] == "paragraph"]
    counter = Counter(p for t in body["text"] for p in find_places(t, names))
    table = pd.DataFrame(list(counter.items()), columns=["place", "n_paragraphs"])
    return table.sort_values(["n_paragraphs", "place"], ascending=[False, True])
"""
                    ),
                    says="reset_index(drop=True)",
                ),
                Case(
                    "ties in the order found",
                    function(
                        """
def place_table(segments, names):
    body = segments[segments["kind"] == "paragraph"]
    counter = Counter(p for t in body["text"] for p in find_places(t, names))
    ordered = sorted(counter.items(), key=lambda item: -item[1])
    if [p for p, n in ordered] == ["Kenya", "Chad", "Benin"]:
        ordered = [ordered[0], ordered[2], ordered[1]]
    return pd.DataFrame(ordered, columns=["place", "n_paragraphs"])
"""
                    ),
                    says=None,
                ),
            ],
        ),
        Question(
            "q7_my_codebook",
            right=[
                Case(
                    "a codebook for a speech",
                    function(
                        """
my_codebook = {
    # threat: code 1 when the speaker names a danger to the country.
    "threat": ["attack", "terror", "danger", "insurgen"],
    # alliance: code 1 when the speaker speaks of acting with other states.
    "alliance": ["ally", "allies", "partner", "coalition"],
    "domestic_audience": ["voter", "citizens", "election"],
}
"""
                    ),
                ),
            ],
            wrong=[
                Case("a list, not a dictionary", 'my_codebook = ["budget", "dollar"]\n', says="should be a dictionary"),
                Case("one category", 'my_codebook = {"cost": ["budget", "dollar"]}\n', says="write at least two"),
                Case(
                    "not snake_case",
                    'my_codebook = {"Domestic audience": ["voter", "citizen"], "cost": ["budget", "dollar"]}\n',
                    says="not a snake_case name",
                ),
                Case(
                    "terms as one string",
                    'my_codebook = {"cost": "budget, dollar", "threat": ["attack", "danger"]}\n',
                    says="are one string",
                ),
                Case(
                    "one term",
                    'my_codebook = {"cost": ["budget"], "threat": ["attack", "danger"]}\n',
                    says="at least two terms",
                ),
                Case(
                    "a term with a leading space",
                    'my_codebook = {"cost": [" budget", " dollar"], "threat": ["attack", "danger"]}\n',
                    says=None,
                ),
                Case(
                    "filler terms",
                    'my_codebook = {"cost": ["a", "the"], "threat": ["in", "and"]}\n',
                    says=None,
                ),
                Case(
                    "a plural counted as a term",
                    'my_codebook = {"cost": ["budget", "budgets", "Budget"], "threat": ["attack", "danger"]}\n',
                    says=None,
                ),
                Case(
                    "two categories alike",
                    'my_codebook = {"cost": ["budget", "dollar"], "money": ["dollar", "budget"]}\n',
                    says=None,
                ),
            ],
        ),
        Question(
            "q8_code_paragraphs",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "lower-case and a compiled pattern",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    table = pd.DataFrame(index=pd.Index(list(paragraphs["paragraph_id"]), name="paragraph_id"))
    for category, terms in codebook.items():
        pattern = re.compile("|".join(r"\\b" + re.escape(t.lower()) for t in terms)) if terms else None
        table[category] = [int(bool(pattern and pattern.search(x.lower()))) for x in paragraphs["text"]]
    return table
"""
                    ),
                )
            ],
            wrong=[
                Case(
                    "no index",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [int(any(re.search(r"\\b" + re.escape(t), x, flags=re.I) for t in terms))
                             for x in paragraphs["text"]] for c, terms in codebook.items()})
"""
                    ),
                    says="The index should be the paragraph ids",
                ),
                Case(
                    "case kept",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [int(any(re.search(r"\\b" + re.escape(t), x) for t in terms))
                             for x in paragraphs["text"]] for c, terms in codebook.items()},
                        index=pd.Index(paragraphs["paragraph_id"], name="paragraph_id"))
"""
                    ),
                    says="ignores case",
                ),
                Case(
                    "anywhere in a word",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [int(any(t.lower() in x.lower() for t in terms))
                             for x in paragraphs["text"]] for c, terms in codebook.items()},
                        index=pd.Index(paragraphs["paragraph_id"], name="paragraph_id"))
"""
                    ),
                    says="only at the start of a word",
                ),
                Case(
                    "whole words only",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [int(any(re.search(r"\\b" + re.escape(t) + r"\\b", x, flags=re.I) for t in terms))
                             for x in paragraphs["text"]] for c, terms in codebook.items()},
                        index=pd.Index(paragraphs["paragraph_id"], name="paragraph_id"))
"""
                    ),
                    says="not after it",
                ),
                Case(
                    "True and False kept",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [any(re.search(r"\\b" + re.escape(t), x, flags=re.I) for t in terms)
                             for x in paragraphs["text"]] for c, terms in codebook.items()},
                        index=pd.Index(paragraphs["paragraph_id"], name="paragraph_id"))
"""
                    ),
                    says="not True and False",
                ),
                Case(
                    "number of matches",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [sum(len(re.findall(r"\\b" + re.escape(t), x, flags=re.I)) for t in terms)
                             for x in paragraphs["text"]] for c, terms in codebook.items()},
                        index=pd.Index(paragraphs["paragraph_id"], name="paragraph_id"))
"""
                    ),
                    says="not the number of matches",
                ),
                Case(
                    "terms used as patterns",
                    function(
                        """
def code_paragraphs(paragraphs, codebook):
    return pd.DataFrame({c: [int(any(re.search(r"\\b" + t, x, flags=re.I) for t in terms))
                             for x in paragraphs["text"]] for c, terms in codebook.items()},
                        index=pd.Index(paragraphs["paragraph_id"], name="paragraph_id"))
"""
                    ),
                    says=None,
                ),
            ],
        ),
        Question(
            "q9_to_long",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "stack",
                    function(
                        """
def to_long(coded):
    long = coded.stack().rename("present").reset_index()
    return long.rename(columns={long.columns[1]: "code"})[["paragraph_id", "code", "present"]]
"""
                    ),
                )
            ],
            wrong=[
                Case(
                    "no reset_index",
                    'def to_long(coded):\n    return coded.melt(id_vars="paragraph_id", var_name="code",'
                    ' value_name="present")\n',
                    says=".reset_index() before .melt",
                ),
                Case(
                    "ids lost",
                    'def to_long(coded):\n    return coded.melt(var_name="code", value_name="present")\n',
                    says="the paragraph ids are missing",
                ),
                Case(
                    "default column names",
                    'def to_long(coded):\n    return coded.reset_index().melt(id_vars="paragraph_id")\n',
                    says="var_name and value_name",
                ),
                Case(
                    "names swapped",
                    "def to_long(coded):\n"
                    '    long = coded.reset_index().melt(id_vars="paragraph_id", var_name="present",'
                    ' value_name="code")\n'
                    '    return long[["paragraph_id", "code", "present"]]\n',
                    says="The column code holds",
                ),
                Case(
                    "only the 1s kept",
                    "def to_long(coded):\n"
                    '    long = coded.reset_index().melt(id_vars="paragraph_id", var_name="code",'
                    ' value_name="present")\n'
                    "    return long if len(long) == 4 else long[long['present'] == 1]\n",
                    says=None,
                ),
            ],
            giveaways=['var_name="code"', "var_name='code'"],
        ),
    ],
)
