"""Answer key for notebook 03, where, when and how many."""

from tests.answer_key import AnswerKey, Case, Question

PROPERTIES = '[feature["properties"] for feature in geo["features"]]'
LEFT_JOIN = 'countries.merge(engagement, on="iso3", how="left")'
YEARS = 'years_in_quote = article_mentions["quote"].str.findall(r"\\b\\d{4}\\b")\n'
PARTS = (
    'parts_2014 = figures[(figures["country"] == "Rwanda") & (figures["as_of"] == "2014-10")'
    ' & figures["measure"].isin(["troops", "police", "military_experts"])]\n'
)
DIFFER_HEAD = "def how_they_differ(a, b):\n    reasons = set()\n"
DIFFER_DATE_SOURCE = (
    '    if a["as_of"] != b["as_of"]:\n        reasons.add("date")\n'
    '    if a["source"] != b["source"]:\n        reasons.add("who counted")\n'
)
RWANDA_UP = '(table["country"] == "Rwanda") & (table["measure"] == "uniformed_personnel")'

KEY = AnswerKey(
    notebook="03_where-when-how-many",
    questions=[
        Question(
            "q1_countries",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "columns one by one",
                    'countries = pd.DataFrame({"name": [f["properties"]["name"] for f in geo["features"]],'
                    ' "iso3": [f["properties"]["iso3"] for f in geo["features"]]})',
                )
            ],
            wrong=[
                Case("a list, not a table", f"countries = {PROPERTIES}", says="should be a DataFrame"),
                Case("whole features", 'countries = pd.DataFrame(geo["features"])', says="whole features"),
                Case(
                    "empty codes dropped",
                    f"countries = pd.DataFrame({PROPERTIES}).dropna()",
                    says="One row per feature",
                ),
                Case("empty code filled", f'countries = pd.DataFrame({PROPERTIES}).fillna("")', says=None),
            ],
        ),
        Question(
            "q2_map_table",
            earlier="countries = countries_ok\n",  # the cases join the countries of q1, as the checkpoint gives them
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "pd.merge, then fill the column",
                    'map_table = pd.merge(countries, engagement, how="left", on="iso3")\n'
                    'map_table["kind"] = map_table["kind"].fillna("not named in the article")',
                )
            ],
            wrong=[
                Case(
                    "inner join",
                    'map_table = countries.merge(engagement, on="iso3").fillna({"kind": "not named in the article"})',
                    says='how="left"',
                ),
                Case(
                    "engagement on the left",
                    'map_table = engagement.merge(countries, on="iso3", how="left")'
                    '.fillna({"kind": "not named in the article"})',
                    says="countries on the left",
                ),
                Case("kinds not filled", f"map_table = {LEFT_JOIN}", says="fillna"),
                Case(
                    "label misspelt",
                    f'map_table = {LEFT_JOIN}.fillna({{"kind": "Not named"}})',
                    says="spelling",
                ),
                Case(
                    "joined on names",
                    'map_table = countries.merge(engagement, left_on="name", right_on="country", how="left")'
                    '.fillna({"kind": "not named in the article"})',
                    says='on="iso3"',
                ),
                Case(
                    "joined on names, code kept",
                    'map_table = countries.merge(engagement.drop(columns="iso3"), left_on="name", right_on="country",'
                    ' how="left").fillna({"kind": "not named in the article"})',
                    says=None,
                ),
            ],
            giveaways=['countries.merge(engagement, on="iso3"'],
        ),
        Question(
            "q3_article_events",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "str.extract and apply",
                    "article_events = article_mentions.copy()\n"
                    'article_events["start"] = article_mentions["quote"].str.extract(r"(\\d{4})")[0].astype(int)\n'
                    'article_events["end"] = article_mentions["quote"]'
                    '.apply(lambda q: int(re.findall(r"\\d{4}", q)[-1]))',
                )
            ],
            wrong=[
                Case(
                    "years kept as text",
                    YEARS + "article_events = article_mentions.assign("
                    "start=years_in_quote.str[0], end=years_in_quote.str[-1])",
                    says=".astype(int)",
                ),
                Case(
                    "first year twice",
                    YEARS + "article_events = article_mentions.assign(start=years_in_quote.str[0].astype(int),"
                    " end=years_in_quote.str[0].astype(int))",
                    says="end the last",
                ),
                Case(
                    "columns of article_mentions lost",
                    YEARS + 'article_events = pd.DataFrame({"start": years_in_quote.str[0].astype(int),'
                    ' "end": years_in_quote.str[-1].astype(int)})',
                    says="lacks the columns",
                ),
                Case(
                    "years as decimals",
                    YEARS + "article_events = article_mentions.assign(start=years_in_quote.str[0].astype(float),"
                    " end=years_in_quote.str[-1].astype(float))",
                    says="integers",
                ),
            ],
            giveaways=["years_in_quote.str[0].astype(int)"],
        ),
        Question(
            "q4_parse_as_of",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case("a lambda", 'parse_as_of = lambda as_of: pd.to_datetime(as_of, format="ISO8601")'),
                Case(
                    "a copy of the Series first",
                    "def parse_as_of(as_of):\n"
                    '    dates = pd.to_datetime(as_of.copy(), format="ISO8601", errors="raise")\n    return dates',
                ),
            ],
            wrong=[
                Case(
                    "the precomputed column",
                    'def parse_as_of(as_of):\n    return pd.to_datetime(figures["as_of_date"])',
                    says="the Series the function",
                ),
                Case(
                    'format="mixed"',
                    'def parse_as_of(as_of):\n    return pd.to_datetime(as_of, format="mixed")',
                    says='format="mixed"',
                ),
                Case("no format", "def parse_as_of(as_of):\n    return pd.to_datetime(as_of)", says='format="ISO8601"'),
                Case(
                    "errors coerced",
                    'def parse_as_of(as_of):\n    return pd.to_datetime(as_of, format="ISO8601", errors="coerce")',
                    says="refuses to guess",
                ),
            ],
            giveaways=['pd.to_datetime(as_of, format="ISO8601")'],
        ),
        Question(
            "q5_rwanda_counts",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case("query", "rwanda_counts = figures.query(\"country == 'Rwanda' and value.notna()\")"),
                Case(
                    "dropna on value",
                    'rwanda_counts = figures[figures["country"].eq("Rwanda")].dropna(subset=["value"])',
                ),
            ],
            wrong=[
                Case("values not checked", 'rwanda_counts = figures[figures["country"] == "Rwanda"]', says="notna()"),
                Case(
                    "or instead of and",
                    'rwanda_counts = figures[(figures["country"] == "Rwanda") | figures["value"].notna()]',
                    says="not | (or)",
                ),
                Case(
                    "dropna on the whole table",
                    'rwanda_counts = figures[figures["country"] == "Rwanda"].dropna()',
                    says=None,
                ),
                Case(
                    "rows read off the table",
                    'rwanda_counts = figures[figures["figure_id"].isin(["F04", "F09", "F17", "F37"])]',
                    says=None,
                ),
            ],
        ),
        Question(
            "q6_uniformed_2014",
            right=[
                Case(
                    "query and sum",
                    "parts_2014 = figures.query(\"country == 'Rwanda' and as_of == '2014-10' and "
                    "measure in ['troops', 'police', 'military_experts']\")\n"
                    "uniformed_2014 = parts_2014.value.sum()",
                )
            ],
            wrong=[
                Case("hard-coded total", PARTS + "uniformed_2014 = 5667", says="typed in"),
                Case("sum typed in", PARTS + "uniformed_2014 = 5092 + 558 + 17", says="typed in"),
                Case(
                    "troops only",
                    'parts_2014 = figures[(figures["country"] == "Rwanda") & (figures["as_of"] == "2014-10")'
                    ' & (figures["measure"] == "troops")]\nuniformed_2014 = parts_2014["value"].sum()',
                    says="3 rows",
                ),
                Case(
                    "every row of the date",
                    'parts_2014 = figures[(figures["country"] == "Rwanda") & (figures["as_of"] == "2014-10")]\n'
                    'uniformed_2014 = parts_2014["value"].sum()',
                    says="keep only troops, police and military_experts",
                ),
                Case(
                    "count, not sum",
                    PARTS + 'uniformed_2014 = parts_2014["value"].count()',
                    says="not more than the troops",
                ),
            ],
            giveaways=["5667", "5,667"],
        ),
        Question(
            "q7_how_they_differ",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "set comprehension",
                    "def how_they_differ(a, b):\n"
                    '    checks = {"date": ["as_of"], "what is counted": ["measure", "scope"],'
                    ' "who counted": ["source"]}\n'
                    "    return {reason for reason, columns in checks.items() if any(a[c] != b[c] for c in columns)}",
                )
            ],
            wrong=[
                Case(
                    "scope ignored",
                    DIFFER_HEAD
                    + DIFFER_DATE_SOURCE
                    + '    if a["measure"] != b["measure"]:\n'
                    + '        reasons.add("what is counted")\n    return reasons',
                    says="compare scope as well as measure",
                ),
                Case(
                    "a list",
                    "def how_they_differ(a, b):\n    reasons = []\n"
                    '    if a["as_of"] != b["as_of"]:\n        reasons.append("date")\n'
                    '    if a["measure"] != b["measure"] or a["scope"] != b["scope"]:\n'
                    '        reasons.append("what is counted")\n'
                    '    if a["source"] != b["source"]:\n        reasons.append("who counted")\n    return reasons',
                    says="should return a set",
                ),
                Case(
                    "elif: one reason only",
                    DIFFER_HEAD
                    + '    if a["as_of"] != b["as_of"]:\n        reasons.add("date")\n'
                    + '    elif a["measure"] != b["measure"] or a["scope"] != b["scope"]:\n'
                    + '        reasons.add("what is counted")\n'
                    + '    elif a["source"] != b["source"]:\n        reasons.add("who counted")\n    return reasons',
                    says="not elif",
                ),
                Case(
                    "value counted as a reason",
                    DIFFER_HEAD
                    + DIFFER_DATE_SOURCE
                    + '    if a["measure"] != b["measure"] or a["scope"] != b["scope"] or a["value"] != b["value"]:\n'
                    + '        reasons.add("what is counted")\n    return reasons',
                    says="comparing as_of and source",
                ),
            ],
            giveaways=['reasons.add("what is counted")'],
        ),
        Question(
            "q8_like_for_like",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "query, then the scope",
                    "def like_for_like(table):\n"
                    "    rows = table.query(\"country == 'Rwanda' and measure == 'uniformed_personnel'\")\n"
                    '    return rows[rows["scope"].str.startswith("UN missions")]',
                )
            ],
            wrong=[
                Case(
                    "scope ignored",
                    f"def like_for_like(table):\n    return table[{RWANDA_UP}]",
                    says='str.startswith("UN missions")',
                ),
                Case(
                    "scope by str.contains",
                    f"def like_for_like(table):\n    return table[{RWANDA_UP}"
                    ' & table["scope"].str.contains("UN mission")]',
                    says="one mission",
                ),
                Case(
                    "measure ignored",
                    'def like_for_like(table):\n    return table[(table["country"] == "Rwanda")'
                    ' & table["scope"].str.startswith("UN missions")]',
                    says="keep only 'uniformed_personnel'",
                ),
                Case(
                    "filters figures, not the table",
                    'def like_for_like(table):\n    return figures[(figures["country"] == "Rwanda")'
                    ' & (figures["measure"] == "uniformed_personnel")'
                    ' & figures["scope"].str.startswith("UN missions")]',
                    says=None,
                ),
            ],
            giveaways=['table["scope"].str.startswith("UN missions")]'],
        ),
        Question(
            "q9_outside_ranks",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "query",
                    "outside_ranks = figures.query(\"country == 'Rwanda' and "
                    "rank_among == 'all contributors to UN missions' and source != 'the article'\")",
                )
            ],
            wrong=[
                Case(
                    "str.contains keeps the per-inhabitant rank",
                    'outside_ranks = figures[(figures["country"] == "Rwanda")'
                    ' & figures["rank_among"].str.contains("all contributors to UN missions", na=False)'
                    ' & (figures["source"] != "the article")]',
                    says="use ==, not str.contains",
                ),
                Case(
                    "the article's own rank kept",
                    'outside_ranks = figures[(figures["country"] == "Rwanda")'
                    ' & (figures["rank_among"] == "all contributors to UN missions")]',
                    says="article's own rank",
                ),
                Case(
                    "every country",
                    'outside_ranks = figures[(figures["rank_among"] == "all contributors to UN missions")'
                    ' & (figures["source"] != "the article")]',
                    says="Rwanda's rows only",
                ),
                Case(
                    "rank among misspelt",
                    'outside_ranks = figures[(figures["country"] == "Rwanda")'
                    ' & (figures["rank_among"] == "all contributors")]',
                    says="is empty",
                ),
                Case(
                    "one rank read off the table",
                    'outside_ranks = figures[figures["figure_id"].isin(["F08", "F17"])]',
                    says=None,
                ),
            ],
        ),
    ],
)
