"""Answer key for notebook 02, tabulating deployments."""

from tests.answer_key import AnswerKey, Case, Question

# Earlier answers that a case's code needs (the course's, as a checkpoint would keep them).
NAMES = "name_to_iso3 = nb02.name_to_iso3()\n"
FUNCTIONS = "year_after = nb02.year_after\nlabel_framework = nb02.label_framework\n"

TIDY = """
def tidy_mentions(messy):
    tidy = messy.explode("names").rename(columns={"names": "name"})
    tidy["iso3"] = tidy["name"].map(CODES)
    tidy = tidy[tidy["iso3"] != "RWA"]DEDUP
    return tidy[COLUMNS].reset_index(drop=True)
"""


def tidy(
    codes: str = "name_to_iso3", dedup: str = '.drop_duplicates(["sentence_id", "iso3"])', columns: str = ""
) -> str:
    columns = columns or '["sentence_id", "name", "iso3"]'
    return NAMES + TIDY.replace("CODES", codes).replace("DEDUP", dedup).replace("COLUMNS", columns)


BUILD = """
def build_table(mentions):
    table = mentions.merge(sentences[["sentence_id", "text"]], on="sentence_id")
    table["framework"] = table["text"].map(label_framework)
    table = tableDROPNA.copy()
    table["year"] = YEARS
    table = tableDEDUP
    return table[COLUMNS].reset_index(drop=True)
"""


def build(
    dropna: str = '.dropna(subset=["framework"])',
    years: str = 'pd.array([year_after(t, n) for t, n in zip(table["text"], table["name"])], dtype="Int64")',
    dedup: str = '.drop_duplicates(["iso3", "framework"])',
    columns: str = '["iso3", "name", "framework", "year", "sentence_id"]',
    mentions: str = "mentions",
) -> str:
    code = BUILD.replace("DROPNA", dropna).replace("YEARS", years).replace("DEDUP", dedup).replace("COLUMNS", columns)
    return FUNCTIONS + code.replace("mentions.merge", f"{mentions}.merge")


PR = """
def precision_recall(comparison):
    n_found = (comparison["_merge"] == "both").sum()
    n_invented = (comparison["_merge"] == "left_only").COUNT()
    n_missed = (comparison["_merge"] == "right_only").COUNT()
    return RESULT
"""


def pr(result: str = "n_found / (n_found + n_invented), n_found / (n_found + n_missed)", count: str = "sum") -> str:
    return PR.replace("RESULT", result).replace("COUNT", count)


PATTERN = 'country_pattern = r"\\b(?:" + "|".join(NAMES) + r")\\b"'


def pattern(names: str = "re.escape(n) for n in sorted(name_to_iso3, key=len, reverse=True)", raw: bool = True) -> str:
    code = PATTERN.replace("NAMES", names)
    if not raw:
        code = code.replace('r"\\b(?:"', '"\\b(?:"').replace('r")\\b"', '")\\b"')
    return NAMES + code


FORMS = '"Democratic Republic of Congo": "COD", "DRC": "COD", "US": "USA"'

# Exercise 10 (q12_voices): the course's reference tags, written out as a student would (course/answers/voices.csv).
VOICES = "voice_tags = {}\n" + "".join(
    f'voice_tags["{sentence}"] = "{voice}"\n'
    for sentence, voice in [
        ("P08.S1", "kigali_did"),
        ("P09.S1", "kigali_did"),
        ("P13.S2", "author"),
        ("P13.S5", "author"),
        ("P14.S5", "author"),
        ("P15.S2", "author"),
        ("P15.S5", "others"),
        ("P16.S1", "others"),
        ("P17.S2", "author"),
        ("P18.S1", "kigali_did"),
        ("P18.S2", "author"),
        ("P19.S1", "others"),
        ("P19.S3", "others"),
        ("P20.S1", "others"),
        ("P24.S1", "author"),
    ]
)

KEY = AnswerKey(
    notebook="02_tabulating-deployments",
    extra="from course.answers import nb02\n",  # NAMES and FUNCTIONS: earlier answers, the course's, by name
    questions=[
        Question(
            "q1_name_to_iso3",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "copy then update",
                    "name_to_iso3 = dict(pycountry_names)\n"
                    'name_to_iso3.update({"US": "USA", "DRC": "COD", "Democratic Republic of Congo": "COD"})',
                ),
            ],
            wrong=[
                Case("only the three forms", f"name_to_iso3 = {{{FORMS}}}", says="keep every entry of pycountry_names"),
                Case(
                    "DRC as the Republic of the Congo",
                    'name_to_iso3 = {**pycountry_names, "Democratic Republic of Congo": "COD", '
                    '"DRC": "COG", "US": "USA"}',
                    says='"COG" is the Republic of the Congo',
                ),
                Case(
                    "US forgotten",
                    'name_to_iso3 = {**pycountry_names, "Democratic Republic of Congo": "COD", "DRC": "COD"}',
                    says='no entry "US"',
                ),
                Case(
                    "lower-case drc",
                    'name_to_iso3 = {**pycountry_names, "Democratic Republic of Congo": "COD", '
                    '"drc": "COD", "US": "USA"}',
                    says='no entry "DRC"',
                ),
                Case(
                    "library entry overwritten",
                    f'name_to_iso3 = {{**pycountry_names, {FORMS}, "Congo": "COD"}}',
                    says="Keep every entry of pycountry_names as it is",
                ),
                Case("an extra name", f'name_to_iso3 = {{**pycountry_names, {FORMS}, "Kigali": "RWA"}}', says=None),
            ],
            giveaways=['"DRC": "COD", "US": "USA"}'],
        ),
        Question(
            "q2_country_pattern",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "capturing group, lambda sort",
                    NAMES + "names = sorted(name_to_iso3.keys(), key=lambda n: -len(n))\n"
                    'country_pattern = r"\\b(" + "|".join(map(re.escape, names)) + r")\\b"',
                ),
            ],
            wrong=[
                Case(
                    "names not escaped",
                    pattern("sorted(name_to_iso3, key=len, reverse=True)"),
                    says="If it finds tuples",
                ),
                Case("no r before the string", pattern(raw=False), says="with the r"),
                Case(
                    "library names only",
                    pattern("re.escape(n) for n in sorted(pycountry_names, key=len, reverse=True)"),
                    says="not from pycountry_names",
                ),
                Case(
                    "shortest first",
                    pattern("re.escape(n) for n in sorted(name_to_iso3, key=len)"),
                    says="Sort the names longest first",
                ),
                Case("not sorted", pattern("re.escape(n) for n in name_to_iso3"), says="Sort the names longest first"),
                Case(
                    "no word boundaries",
                    NAMES + 'country_pattern = "(?:" + "|".join(re.escape(n) for n in sorted(name_to_iso3, key=len, '
                    'reverse=True)) + ")"',
                    says="before and after the group of names",
                ),
            ],
            giveaways=["sorted(name_to_iso3, key=len, reverse=True)) +"],
        ),
        Question(
            "q3_tidy_mentions",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "a loop over the lists",
                    NAMES
                    + """
def tidy_mentions(messy):
    rows = []
    for sentence_id, names in zip(messy["sentence_id"], messy["names"]):
        seen = set()
        for name in names:
            code = name_to_iso3[name]
            if code != "RWA" and code not in seen:
                seen.add(code)
                rows.append({"sentence_id": sentence_id, "name": name, "iso3": code})
    return pd.DataFrame(rows, columns=["sentence_id", "name", "iso3"])
""",
                ),
            ],
            wrong=[
                Case(
                    "Rwanda kept",
                    NAMES
                    + """
def tidy_mentions(messy):
    tidy = messy.explode("names").rename(columns={"names": "name"})
    tidy["iso3"] = tidy["name"].map(name_to_iso3)
    tidy = tidy.drop_duplicates(["sentence_id", "iso3"])
    return tidy[["sentence_id", "name", "iso3"]].reset_index(drop=True)
""",
                    says="Leave Rwanda (RWA) out",
                ),
                Case("no de-duplication", tidy(dedup=""), says="keep it once per sentence"),
                Case(
                    "de-duplicated on the name",
                    tidy(dedup='.drop_duplicates(["sentence_id", "name"])'),
                    says="keep it once per sentence",
                ),
                Case("library codes only", tidy(codes="pycountry_names"), says="map the names with name_to_iso3"),
                Case(
                    "last name kept",
                    tidy(dedup='.drop_duplicates(["sentence_id", "iso3"], keep="last")'),
                    says="Keep the FIRST name",
                ),
                Case(
                    "columns in another order",
                    tidy(columns='["sentence_id", "iso3", "name"]'),
                    says="The columns should be",
                ),
                Case(
                    "a list per cell",
                    NAMES
                    + """
def tidy_mentions(messy):
    tidy = messy.rename(columns={"names": "name"})
    tidy["iso3"] = tidy["name"].map(lambda names: name_to_iso3[names[0]])
    return tidy[["sentence_id", "name", "iso3"]].reset_index(drop=True)
""",
                    says="Use .explode('names')",
                ),
            ],
        ),
        Question(
            "q4_year_after",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "findall",
                    """
def year_after(text, name):
    years = re.findall(re.escape(name) + r"\\s+in\\s+(\\d{4})\\b", text)
    return int(years[0]) if years else None
""",
                ),
            ],
            wrong=[
                Case(
                    "the year as text",
                    """
def year_after(text, name):
    match = re.search(re.escape(name) + r"\\s+in\\s+(\\d{4})\\b", text)
    return match.group(1) if match else None
""",
                    says="return a number",
                ),
                Case(
                    "the whole match",
                    """
def year_after(text, name):
    match = re.search(re.escape(name) + r"\\s+in\\s+(\\d{4})\\b", text)
    return match.group(0) if match else None
""",
                    says="return a number",
                ),
                Case(
                    "the first year in the text",
                    """
def year_after(text, name):
    if name not in text:
        return None
    match = re.search(r"\\d{4}", text)
    return int(match.group()) if match else None
""",
                    says="not the year after 'Mozambique'",
                ),
                Case(
                    "one space, name not escaped",
                    """
def year_after(text, name):
    match = re.search(name + " in " + r"(\\d{4})\\b", text)
    return int(match.group(1)) if match else None
""",
                    says=None,
                ),
                Case(
                    "five digits accepted",
                    """
def year_after(text, name):
    match = re.search(re.escape(name) + r"\\s+in\\s+(\\d{4})", text)
    return int(match.group(1)) if match else None
""",
                    says=None,
                ),
            ],
            giveaways=['r"\\s+in\\s+(\\d{4})\\b", text)'],
        ),
        Question(
            "q5_label_framework",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "list of matches",
                    """
def label_framework(text):
    labels = [label for label, pattern in RULES if re.search(pattern, text, re.I)]
    return labels[0] if labels else None
""",
                ),
            ],
            wrong=[
                Case(
                    "case counts",
                    """
def label_framework(text):
    for label, pattern in RULES:
        if re.search(pattern, text):
            return label
    return None
""",
                    says="ignore case",
                ),
                Case(
                    "last rule wins",
                    """
def label_framework(text):
    found = None
    for label, pattern in RULES:
        if re.search(pattern, text, flags=re.IGNORECASE):
            found = label
    return found
""",
                    says="the FIRST one in RULES",
                ),
                Case(
                    "re.match",
                    """
def label_framework(text):
    for label, pattern in RULES:
        if re.match(pattern, text, flags=re.IGNORECASE):
            return label
    return None
""",
                    says="re.match",
                ),
                Case(
                    "the pattern, not the label",
                    """
def label_framework(text):
    for label, pattern in RULES:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return pattern
    return None
""",
                    says="Return the rule's label",
                ),
                Case(
                    "the text None",
                    """
def label_framework(text):
    for label, pattern in RULES:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return label
    return "None"
""",
                    says="return None",
                ),
            ],
        ),
        Question(
            "q6_build_table",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "assign and apply",
                    FUNCTIONS
                    + """
def build_table(mentions):
    t = pd.merge(mentions, sentences[["sentence_id", "text"]], how="left", on="sentence_id")
    t = t.assign(framework=t["text"].apply(label_framework))
    t = t[t["framework"].notna()]
    t = t.drop_duplicates(subset=["iso3", "framework"], keep="first")
    years = [year_after(text, name) for text, name in zip(t["text"], t["name"])]
    t = t.assign(year=pd.array(years, dtype="Int64"))
    return t.loc[:, ["iso3", "name", "framework", "year", "sentence_id"]].reset_index(drop=True)
""",
                ),
            ],
            wrong=[
                Case("no dropna", build(dropna=""), says="Drop them with .dropna"),
                Case("no de-duplication", build(dedup=""), says="appear more than once"),
                Case("one row per country", build(dedup='.drop_duplicates("iso3")'), says="not on 'iso3' alone"),
                Case(
                    "years as floats",
                    build(years='[year_after(t, n) for t, n in zip(table["text"], table["name"])]'),
                    says="wrap the years in pd.array",
                ),
                Case(
                    "columns in another order",
                    build(columns='["name", "iso3", "framework", "year", "sentence_id"]'),
                    says="in that order",
                ),
                Case("the global table, not the parameter", build(mentions="country_mentions"), says=None),
            ],
        ),
        Question(
            "q7_comparison",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "pd.merge, key spelled out",
                    "comparison = pd.merge(rule_table, reference_keys, "
                    'how="outer", on=["framework", "iso3"], indicator=True)',
                ),
            ],
            wrong=[
                Case(
                    "no indicator",
                    'comparison = rule_table.merge(reference_keys, on=KEY, how="outer")',
                    says="indicator=True",
                ),
                Case(
                    "inner merge",
                    "comparison = rule_table.merge(reference_keys, on=KEY, indicator=True)",
                    says="how='outer'",
                ),
                Case(
                    "left merge",
                    'comparison = rule_table.merge(reference_keys, on=KEY, how="left", indicator=True)',
                    says="how='outer'",
                ),
                Case(
                    "tables swapped",
                    'comparison = reference_keys.merge(rule_table, on=KEY, how="outer", indicator=True)',
                    says="the two tables are swapped",
                ),
                Case(
                    "inferred rows kept",
                    'comparison = rule_table.merge(deployments.fillna({"iso3": ""}), '
                    'on=KEY, how="outer", indicator=True)',
                    says="not with deployments",
                ),
                Case(
                    "on the country only",
                    'comparison = rule_table.merge(reference_keys, on="iso3", how="outer", indicator=True)',
                    says="Merge on KEY",
                ),
            ],
            giveaways=['rule_table.merge(reference_keys, on=KEY, how="outer", indicator=True)'],
        ),
        Question(
            "q8_precision_recall",
            pasted="fails",  # a hidden test runs it on other inputs
            right=[
                Case(
                    "value_counts",
                    """
def precision_recall(comparison):
    counts = comparison["_merge"].value_counts()
    found, invented, missed = counts.get("both", 0), counts.get("left_only", 0), counts.get("right_only", 0)
    return found / (found + invented), found / (found + missed)
""",
                ),
            ],
            wrong=[
                Case("numbers read off the tables", pr("4 / 12, 4 / 5"), says="without typed numbers"),
                Case("the other rounded numbers", pr("0.333, 0.8"), says="without typed numbers"),
                Case(
                    "swapped",
                    pr("n_found / (n_found + n_missed), n_found / (n_found + n_invented)"),
                    says="swapped",
                ),
                Case("count instead of sum", pr(count="count"), says="count each kind of row with .sum()"),
                Case(
                    "percentages",
                    pr("100 * n_found / (n_found + n_invented), 100 * n_found / (n_found + n_missed)"),
                    says="not a percentage",
                ),
                Case("precision only", pr("n_found / (n_found + n_invented)"), says="should return two numbers"),
                Case(
                    "found over invented",
                    pr("n_found / n_invented, n_found / n_missed"),
                    says="between 0 and 1",
                ),
            ],
            giveaways=["n_found / (n_found + n_invented)", "0.333", "4 of 12", "4/12"],
        ),
        Question(
            "q10_groupby",
            pasted="flagged",  # a value: no code to re-run
            right=[
                Case(
                    "value_counts",
                    'framework_region_counts = deployments.value_counts(["framework", "region"]).sort_index()'
                    '.reset_index(name="rows")',
                ),
                Case(
                    "as_index=False",
                    'framework_region_counts = deployments.groupby(["framework", "region"], as_index=False).size()'
                    '.rename(columns={"size": "rows"})',
                ),
            ],
            wrong=[
                Case(
                    "a Series",
                    'framework_region_counts = deployments.groupby(["framework", "region"]).size()',
                    says="add .reset_index(name='rows')",
                ),
                Case(
                    "groups swapped",
                    'framework_region_counts = deployments.groupby(["region", "framework"]).size()'
                    '.reset_index(name="rows")',
                    says="in that order",
                ),
                Case(
                    "count instead of size",
                    'framework_region_counts = deployments.groupby(["framework", "region"]).count().reset_index()',
                    says="not .count()",
                ),
                Case(
                    "only the article's rows",
                    'framework_region_counts = article_rows.groupby(["framework", "region"]).size()'
                    '.reset_index(name="rows")',
                    says="count every row of deployments once",
                ),
            ],
            giveaways=['deployments.groupby(["framework", "region"]).size().reset_index(name="rows")'],
        ),
        Question(
            "q12_voices",
            right=[
                Case("the reference's tags, as a dict", VOICES),
                Case(
                    "the second tag of each contested sentence, as a pandas Series",
                    "import pandas as pd\n" + VOICES + 'voice_tags.update({"P15.S5": "author", "P16.S1": "author", '
                    '"P18.S1": "others"})\nvoice_tags = pd.Series(voice_tags)',
                ),
            ],
            wrong=[
                Case("one left blank", VOICES + 'voice_tags["P24.S1"] = ...', says="still ..."),
                Case("capitalised", VOICES + 'voice_tags["P09.S1"] = "Kigali_did"', says="not one of the three voices"),
                Case("a sentence left out", VOICES + 'del voice_tags["P19.S1"]', says="have no tag"),
                Case("Kagame's hope as a reported view", VOICES + 'voice_tags["P13.S2"] = "others"'),
                Case("Kigali wants, as a reported view", VOICES + 'voice_tags["P14.S5"] = "others"'),
                Case("what Kigali has not shown, as an act", VOICES + 'voice_tags["P24.S1"] = "kigali_did"'),
                Case("the condemned involvement, as others'", VOICES + 'voice_tags["P17.S2"] = "others"'),
                Case("Pretoria's view, as the author's", VOICES + 'voice_tags["P19.S3"] = "author"'),
                Case(
                    "every sentence the author's",
                    VOICES + 'voice_tags = {sentence: "author" for sentence in voice_tags}',
                ),
            ],
        ),
    ],
)
