"""Answer key for notebook 01, reading the raw text."""

from tests.answer_key import AnswerKey, Case, Question

LINES = 'lines = article.split("\\n")\n'
BODY = 'body = paragraphs[paragraphs["kind"] == "paragraph"]\n'
LEFT, MATCH, RIGHT = "text[max(0, m.start() - width):m.start()]", "m.group()", "text[m.end():m.end() + width]"
FINDER = "re.finditer(re.escape(keyword), text, flags=re.IGNORECASE)"


def kwic_code(left: str = LEFT, match: str = MATCH, right: str = RIGHT, finder: str = FINDER, row: str = "()") -> str:
    """A one-line kwic built from its parts, so that each wrong answer changes one part."""
    start, end = row
    return f"def kwic(text, keyword, width=40):\n    return [{start}{left}, {match}, {right}{end} for m in {finder}]"


KEY = AnswerKey(
    notebook="01_reading-the-raw-text",
    questions=[
        Question(
            "q1_lines",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case("splitlines", "lines = article.splitlines()"),
                Case("re.split", 'lines = re.split(r"\\n", article)'),
                Case("loop", 'lines = []\nfor line in article.split("\\n"):\n    lines.append(line)'),
            ],
            wrong=[
                Case("words instead of lines", "lines = article.split()", says="gives words, not lines"),
                Case("slash-n typo", 'lines = article.split("/n")', says='"/n", with a slash'),
                Case("not a list", "lines = article", says="should be a list"),
                Case("enumerate pairs", 'lines = list(enumerate(article.split("\\n")))', says="pairs (number, line)"),
                Case("sentences", 'lines = article.split(". ")', says="still contain a line break"),
                Case("byline dropped", 'lines = article.split("\\n")[:-1]', says="the article has 30 lines"),
                Case(
                    "line breaks kept", "lines = article.splitlines(keepends=True)", says="still contain a line break"
                ),
                Case(
                    "hard-coded slice of the lines",
                    'lines = article.split("\\n")[:29] + ["Federico Donelli"]',
                    says=None,
                ),
            ],
            giveaways=['article.split("\\n")'],
        ),
        Question(
            "q2_headings",
            right=[
                Case(
                    "loop with append",
                    LINES + "headings = []\nfor line in lines:\n"
                    "    if len(line.split()) <= 5 and line[-1] not in '.?!:':\n        headings.append(line)",
                ),
                # The notebook reads the paragraphs table after this question: an answer from it reads it itself.
                Case(
                    "from the table",
                    'paragraphs = pd.read_csv(DATA / "paragraphs.csv")\n'
                    'headings = list(paragraphs[paragraphs["kind"] == "heading"]["text"])',
                ),
            ],
            wrong=[
                Case(
                    "characters instead of words",
                    LINES + "headings = [x for x in lines if len(x) <= 5]",
                    says="len(line) counts characters",
                ),
                Case(
                    "slash-n typo",
                    'headings = [x for x in article.split("/n") if len(x.split()) <= 5]',
                    says='not "/n"',
                ),
                Case(
                    "words instead of lines",
                    "headings = [x for x in article.split() if len(x.split()) <= 5 and not x.endswith('.')]",
                    says="gives words",
                ),
                Case(
                    "enumerate pairs",
                    'headings = [(n, x) for n, x in enumerate(article.split("\\n"), start=1) if len(x.split()) <= 5]',
                    says="pairs (number, line)",
                ),
                Case(
                    "hard-coded with the introduction",
                    "headings = ['Introduction', \"Rwanda's strategy\", 'The motivations', 'The implications', "
                    "'What next']",
                    says="not whole lines",
                ),
                Case(
                    "lower-cased",
                    LINES + "headings = [x.lower() for x in lines if len(x.split()) <= 5]",
                    says="not whole lines",
                ),
                Case(
                    "rule too loose (at most ten words)",
                    LINES + "headings = [x for x in lines if len(x.split()) <= 10]",
                    says="the article has 4 section headings",
                ),
                Case(
                    "reversed order",
                    LINES + "headings = [x for x in lines if len(x.split()) <= 5][::-1]",
                    says="in the order they appear",
                ),
            ],
            giveaways=['"The implications", "What next"', "'The implications', 'What next'"],
        ),
        Question(
            "q3_body",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case("query", "body = paragraphs.query('kind == \"paragraph\"')"),
                Case("ids starting with P", 'body = paragraphs[paragraphs["paragraph_id"].str.startswith("P")]'),
                Case("new index", 'body = paragraphs[paragraphs.kind == "paragraph"].reset_index(drop=True)'),
            ],
            wrong=[
                Case("plural", 'body = paragraphs[paragraphs["kind"] == "paragraphs"]', says='"paragraph", singular'),
                Case("the mask only", 'body = paragraphs["kind"] == "paragraph"', says="that is the mask"),
                Case(
                    "one column",
                    'body = paragraphs[paragraphs["kind"] == "paragraph"]["text"]',
                    says="If you picked one column",
                ),
                Case("byline kept", 'body = paragraphs[paragraphs["kind"] != "heading"]', says="rows of kind"),
                Case("first 25 rows", "body = paragraphs.head(25)", says="rows of kind"),
                Case(
                    "some paragraphs dropped",
                    'body = paragraphs[(paragraphs["kind"] == "paragraph") & (paragraphs["n_words"] > 20)]',
                    says=None,
                ),
            ],
            giveaways=['["kind"] == "paragraph"]'],
        ),
        Question(
            "q4_words_per_section",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "from body, article order",
                    BODY + 'words_per_section = body.groupby("section", sort=False).n_words.sum()',
                ),
                Case(
                    "counting the words again",
                    BODY + 'counts = body["text"].str.split().str.len()\n'
                    'words_per_section = counts.groupby(body["section"]).sum()',
                ),
                Case(
                    "a loop into a dict",
                    BODY + "totals = {}\nfor row in body.itertuples():\n"
                    "    totals[row.section] = totals.get(row.section, 0) + row.n_words\n"
                    "words_per_section = pd.Series(totals)",
                ),
            ],
            wrong=[
                Case(
                    "count instead of sum",
                    BODY + 'words_per_section = body.groupby("section")["n_words"].count()',
                    says=".count() counts the rows",
                ),
                Case(
                    "mean instead of sum",
                    BODY + 'words_per_section = body.groupby("section")["n_words"].mean()',
                    says="did you use .mean()",
                ),
                Case(
                    "headings and byline kept",
                    'words_per_section = paragraphs.groupby("section")["n_words"].sum()',
                    says="include the headings or the byline",
                ),
                Case(
                    "byline kept",
                    'words_per_section = paragraphs[paragraphs.kind != "heading"].groupby("section")["n_words"].sum()',
                    says="include the headings or the byline",
                ),
                Case(
                    "whole table summed",
                    BODY + 'words_per_section = body.groupby("section").sum()',
                    says="is a DataFrame (a table), not a Series",
                ),
                Case(
                    "characters instead of words",
                    BODY + 'words_per_section = body.groupby("section")["text"].apply(lambda t: t.str.len().sum())',
                    says="counting characters",
                ),
                Case(
                    "grouped by kind",
                    'words_per_section = paragraphs.groupby("kind")["n_words"].sum()',
                    says="five sections",
                ),
                Case(
                    "hard-coded, misread",
                    "words_per_section = pd.Series({'Introduction': 223, \"Rwanda's strategy\": 132, "
                    "'The motivations': 336, 'The implications': 205, 'What next': 84})",
                    says=None,
                ),
            ],
            giveaways=["336", '.groupby("section")["n_words"].sum()'],
        ),
        Question(
            "q5_years",
            right=[
                Case("list comprehension", 'years = sorted(set([int(y) for y in re.findall(r"\\d{4}", article)]))'),
                Case(
                    "loop",
                    'years = []\nfor y in re.findall(r"\\b\\d{4}\\b", article):\n'
                    "    if int(y) not in years:\n        years.append(int(y))\nyears.sort()",
                ),
            ],
            wrong=[
                Case("empty list", "years = []", says="years is empty"),
                Case("strings", 'years = sorted(set(re.findall(r"\\b\\d{4}\\b", article)))', says="not a string"),
                Case(
                    "duplicates kept",
                    'years = sorted(int(y) for y in re.findall(r"\\b\\d{4}\\b", article))',
                    says="more than once",
                ),
                Case(
                    "not sorted",
                    'years = list({int(y) for y in re.findall(r"\\b\\d{4}\\b", article)})',
                    says="from the smallest to the largest",
                ),
                Case(
                    "descending",
                    'years = sorted({int(y) for y in re.findall(r"\\b\\d{4}\\b", article)}, reverse=True)',
                    says="from the smallest to the largest",
                ),
                Case(
                    "a set", 'years = {int(y) for y in re.findall(r"\\b\\d{4}\\b", article)}', says="should be a list"
                ),
                Case(
                    "every run of digits",
                    'years = sorted({int(y) for y in re.findall(r"\\d+", article)})',
                    says="not four-digit years",
                ),
                Case("hard-coded, one missing", "years = [1994, 2020, 2021]", says=None),
            ],
            giveaways=["[1990, 1994, 2020, 2021]"],
        ),
        Question(
            "q6_number_pattern",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case("one boundary pair", 'number_pattern = r"\\b(?:\\d{1,3}(?:,\\d{3})+|\\d+)\\b"'),
                Case("digits then groups", 'number_pattern = r"\\b\\d+(?:,\\d{3})*\\b"'),
            ],
            wrong=[
                Case("sloppy class", 'number_pattern = r"[\\d,]+"', says="the 23 in M23"),
                Case("sloppy class with boundaries", 'number_pattern = r"\\b[\\d,]+\\b"', says="exactly three digits"),
                Case("plain digits", 'number_pattern = r"\\d+"', says="as one match"),
                Case(
                    "any digits after a comma", 'number_pattern = r"\\b\\d+(?:,\\d+)*\\b"', says="exactly three digits"
                ),
                Case(
                    "capturing group",
                    'number_pattern = r"\\b\\d{1,3}(,\\d{3})+\\b|\\b\\d+\\b"',
                    says="group in round brackets",
                ),
                Case(
                    "alternatives in the wrong order",
                    'number_pattern = r"\\b\\d+\\b|\\b\\d{1,3}(?:,\\d{3})+\\b"',
                    says="before plain digits",
                ),
                Case("no boundaries", 'number_pattern = r"\\d{1,3}(?:,\\d{3})+|\\d+"', says="the 23 in M23"),
                Case("compiled", 'number_pattern = re.compile(r"\\b\\d+\\b")', says="should be a string"),
                Case("invalid", 'number_pattern = r"\\b(\\d+"', says="not a valid regular expression"),
                Case("one comma group only", 'number_pattern = r"\\b\\d{1,3},\\d{3}\\b|\\b\\d+\\b"', says=None),
            ],
            giveaways=["\\d{1,3}(?:,\\d{3})+\\b|", "\\d+(?:,\\d{3})*"],
        ),
        Question(
            "q7_kwic",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "find in a loop",
                    "def kwic(text, keyword, width=40):\n"
                    "    rows, low, key = [], text.lower(), keyword.lower()\n"
                    "    start = low.find(key)\n"
                    "    while start != -1:\n"
                    "        end = start + len(key)\n"
                    "        rows.append((text[max(0, start - width):start], text[start:end], text[end:end + width]))\n"
                    "        start = low.find(key, end)\n"
                    "    return rows",
                ),
                Case(
                    "comprehension with a compiled pattern",
                    "def kwic(text, keyword, width=40):\n"
                    "    pattern = re.compile(re.escape(keyword), re.I)\n"
                    "    return [(text[max(m.start() - width, 0):m.start()], m.group(0), text[m.end():m.end() + width])"
                    " for m in pattern.finditer(text)]",
                ),
            ],
            wrong=[
                Case(
                    "right side one character short",
                    kwic_code(right="text[m.end():m.end() + width - 1]"),
                    says="one character short",
                ),
                Case(
                    "left side one character short",
                    kwic_code(left="text[max(0, m.start() - width):m.start() - 1]"),
                    says="one character short",
                ),
                Case(
                    "no max(0, ...)",
                    kwic_code(left="text[m.start() - width:m.start()]"),
                    says="max(0, m.start() - width)",
                ),
                Case(
                    "case-sensitive",
                    kwic_code(finder="re.finditer(re.escape(keyword), text)"),
                    says="re.IGNORECASE",
                ),
                Case(
                    "return inside the loop",
                    "def kwic(text, keyword, width=40):\n"
                    "    rows = []\n"
                    "    for m in re.finditer(re.escape(keyword), text, flags=re.IGNORECASE):\n"
                    f"        rows.append(({LEFT}, {MATCH}, {RIGHT}))\n"
                    "        return rows",
                    says="return inside the for loop",
                ),
                Case(
                    "keyword instead of the match",
                    kwic_code(match="keyword"),
                    says="use m.group()",
                ),
                Case(
                    "rows as lists",
                    kwic_code(row="[]"),
                    says="round brackets",
                ),
                Case(
                    "fixed width",
                    kwic_code(left="text[max(0, m.start() - 4):m.start()]", right="text[m.end():m.end() + 4]"),
                    says="not a fixed number",
                ),
                Case(
                    "no re.escape",
                    kwic_code(finder="re.finditer(keyword, text, flags=re.IGNORECASE)"),
                    says=None,
                ),
                Case(
                    "no return",
                    kwic_code().replace("    return ", "    rows = "),
                    says="no return line",
                ),
            ],
            giveaways=["text[max(0, m.start() - width) : m.start()]", "m.end() + width]"],
        ),
        Question(
            "q8_top_words",
            right=[
                Case(
                    "Counter",
                    "top_words = pd.Series(dict(Counter(t for t in tokens if t not in STOP_WORDS).most_common(10)))",
                ),
                Case(
                    "filter a full count",
                    "counts = pd.Series(tokens).value_counts()\n"
                    "top_words = counts[~counts.index.isin(STOP_WORDS)].head(10)",
                ),
            ],
            wrong=[
                Case(
                    "stop words kept",
                    "top_words = pd.Series(tokens).value_counts().head(10)",
                    says="stop words should have been left out",
                ),
                Case(
                    "most_common list",
                    "top_words = Counter(t for t in tokens if t not in STOP_WORDS).most_common(10)",
                    says="make a pandas Series",
                ),
                Case(
                    "all the words",
                    "top_words = pd.Series([t for t in tokens if t not in STOP_WORDS]).value_counts()",
                    says=".head(10)",
                ),
                Case(
                    "words only",
                    "top_words = pd.Series([t for t in tokens if t not in STOP_WORDS]).value_counts().head(10).index",
                    says="keep the counts too",
                ),
                Case(
                    "least frequent first",
                    "top_words = pd.Series([t for t in tokens if t not in STOP_WORDS]).value_counts().head(10)"
                    ".sort_values()",
                    says="most frequent words first",
                ),
                Case(
                    "raw words, not tokens",
                    "words = [w for w in article.split() if w not in STOP_WORDS]\n"
                    "top_words = pd.Series(words).value_counts().head(10)",
                    says="are not tokens",
                ),
                Case(
                    "first ten tokens, not the most frequent",
                    "top_words = pd.Series([t for t in tokens if t not in STOP_WORDS][:10])",
                    says="counts (whole numbers)",
                ),
                Case(
                    "own stop words",
                    "STOP_WORDS = STOP_WORDS | {'rwanda', \"rwanda's\", 'military'}\n"
                    "top_words = pd.Series([t for t in tokens if t not in STOP_WORDS]).value_counts().head(10)",
                    says=None,
                ),
            ],
            giveaways=["for t in tokens if t not in STOP_WORDS]).value_counts()"],
        ),
    ],
)
