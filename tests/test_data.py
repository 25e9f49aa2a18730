"""Checks on data/: the package is valid, every quote is the article's own words, every outside figure
carries its source, the reference coding covers the whole article, and the map is small and complete.

Each check is a function of a data folder that returns a list of problems, so that the same function
runs on the real data/ and, in the tamper tests at the bottom, on a damaged copy: a check that cannot
fail proves nothing.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from frictionless import Package

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = ROOT / "seeds" / "rwanda-military-diplomacy.txt"

# Tables whose rows all come from the article: each row needs a paragraph_id and a quote.
ARTICLE_TABLES = ["deployments", "actors", "stances", "motivations_codebook", "claims"]
MOTIVATIONS = ["international", "regional", "domestic"]
MAP_MUST_HAVE = {"RWA", "COD", "CAF", "MOZ", "BEN", "UGA", "BDI", "ZAF"}
MAP_MAX_BYTES = 300_000
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


# ---------------------------------------------------------------- helpers


def read_rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    """Rows of data_dir/name.csv as strings, exactly as a student's pandas would see the text."""
    with open(data_dir / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def table_resources(data_dir: Path) -> list[dict]:
    return [r for r in descriptor(data_dir)["resources"] if "schema" in r]


def field_names(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]


# ---------------------------------------------------------------- checks


def package_errors(data_dir: Path) -> list[str]:
    """Everything frictionless finds wrong: types, constraints, primary and foreign keys."""
    report = Package(str(data_dir / "datapackage.json")).validate()
    problems = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {e.message}" for e in task.errors]
    return problems


def description_errors(data_dir: Path) -> list[str]:
    """Every file in data/ is described, every described file exists, every paragraph_id is a foreign key."""
    resources = descriptor(data_dir)["resources"]
    described = {r["path"] for r in resources}
    present = {
        p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file() and p.name != "datapackage.json"
    }
    problems = [f"{name} is in data/ but not described in datapackage.json" for name in sorted(present - described)]
    problems += [f"{path} is described in datapackage.json but missing" for path in sorted(described - present)]
    for r in table_resources(data_dir):
        fields = field_names(r)
        if fields != [f for f in fields if SNAKE_CASE.match(f)]:
            problems.append(f"{r['name']}: column names are not all snake_case: {fields}")
        if r["name"] != "paragraphs" and "paragraph_id" in fields:
            targets = [
                fk["reference"]
                for fk in r["schema"].get("foreignKeys", [])
                if fk["fields"] in ("paragraph_id", ["paragraph_id"])
            ]
            if {"resource": "paragraphs", "fields": "paragraph_id"} not in targets:
                problems.append(f"{r['name']}.paragraph_id has no foreign key to paragraphs.paragraph_id")
    return problems


def csv_convention_errors(data_dir: Path) -> list[str]:
    """UTF-8, LF line ends, and a header that matches the schema's fields in order."""
    problems = []
    for r in table_resources(data_dir):
        raw = (data_dir / r["path"]).read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{r['path']}: not UTF-8 ({exc})")
        if b"\r" in raw:
            problems.append(f"{r['path']}: has CR characters; use LF line ends only")
        header = next(csv.reader([raw.decode("utf-8", "replace").split("\n", 1)[0]]))
        if header != field_names(r):
            problems.append(f"{r['path']}: header {header} differs from the schema {field_names(r)}")
    return problems


def quote_errors(data_dir: Path, seed_text: str) -> list[str]:
    """Every quote in every table is an exact substring of the seed and of the paragraph it names."""
    paragraphs = {row["paragraph_id"]: row["text"] for row in read_rows(data_dir, "paragraphs")}
    sentences = {row["sentence_id"]: row for row in read_rows(data_dir, "sentences")}
    problems = []
    for r in table_resources(data_dir):
        if "quote" not in field_names(r):
            continue
        id_field = field_names(r)[0]
        for row in read_rows(data_dir, r["name"]):
            where = f"{r['name']} {row[id_field]}"
            quote, pid = row["quote"], row["paragraph_id"]
            if not quote:
                if r["name"] in ARTICLE_TABLES:
                    problems.append(f"{where}: a row from the article has no quote")
                continue
            if quote not in seed_text:
                problems.append(f"{where}: quote is not in the seed text: {quote!r}")
            if pid not in paragraphs:
                problems.append(f"{where}: quote names paragraph {pid!r}, which does not exist")
            elif quote not in paragraphs[pid]:
                problems.append(f"{where}: quote is not in paragraph {pid}: {quote!r}")
            sid = row.get("sentence_id")
            if sid is not None:
                sentence = sentences.get(sid, {"paragraph_id": None, "text": ""})
                if sentence["paragraph_id"] != pid or quote not in sentence["text"]:
                    problems.append(f"{where}: quote is not in sentence {sid} of paragraph {pid}")
    return problems


def peacekeeping_errors(data_dir: Path) -> list[str]:
    """Outside figures carry source, link, date, scope, traceability and independence; weakly traceable ones
    say so; Rwanda's rows are findable."""
    problems = []
    rows = read_rows(data_dir, "peacekeeping_figures")
    for row in rows:
        where = f"peacekeeping_figures {row['figure_id']}"
        for col in ("source", "source_url", "as_of", "as_of_date", "scope", "traceability", "independence", "country"):
            if not row[col].strip():
                problems.append(f"{where}: {col} is empty")
        if not row["source_url"].startswith(("http://", "https://")):
            problems.append(f"{where}: source_url is not a link: {row['source_url']!r}")
        if row["traceability"] == "weak" and "weak" not in row["note"].lower():
            problems.append(f"{where}: weakly sourced, but its note does not say so")
        if row["source"] == "the article" and not (row["paragraph_id"] and row["quote"]):
            problems.append(f"{where}: the article's figure needs paragraph_id and quote")
        if row["source"] != "the article" and (row["paragraph_id"] or row["quote"]):
            problems.append(f"{where}: an outside figure has an article quote")
        if not row["as_of_date"].startswith(row["as_of"][:4]):
            problems.append(f"{where}: as_of_date {row['as_of_date']} does not match as_of {row['as_of']}")
    rwanda = [r for r in rows if r["country"] == "Rwanda" and r["iso3"] == "RWA"]
    if not rwanda:
        problems.append("peacekeeping_figures: no row is identifiable as Rwanda's (country Rwanda, iso3 RWA)")
    if not any(r["source"] == "the article" for r in rwanda):
        problems.append("peacekeeping_figures: the article's own figure for Rwanda is missing")
    return problems


def coding_errors(data_dir: Path) -> list[str]:
    """The reference coding has one row per body paragraph and a rationale exactly where it codes 1."""
    body = [r["paragraph_id"] for r in read_rows(data_dir, "paragraphs") if r["kind"] == "paragraph"]
    rows = read_rows(data_dir, "motivation_coding")
    coded = [r["paragraph_id"] for r in rows]
    problems = []
    if sorted(coded) != sorted(body):
        missing, extra = sorted(set(body) - set(coded)), sorted(set(coded) - set(body))
        dupes = sorted({p for p in coded if coded.count(p) > 1})
        problems.append(f"motivation_coding: missing {missing}, not body paragraphs {extra}, repeated {dupes}")
    codebook_ids = [r["motivation_id"] for r in read_rows(data_dir, "motivations_codebook")]
    if codebook_ids != MOTIVATIONS:
        problems.append(f"motivations_codebook: ids {codebook_ids}, expected {MOTIVATIONS}")
    for m in MOTIVATIONS:
        if not any(r[m] == "1" for r in rows):
            problems.append(f"motivation_coding: no paragraph is coded 1 for {m}")
        for r in rows:
            has_rationale = bool(r[f"rationale_{m}"].strip())
            if (r[m] == "1") != has_rationale:
                problems.append(
                    f"motivation_coding {r['paragraph_id']}: {m}={r[m]} but rationale_{m} "
                    f"is {'filled' if has_rationale else 'empty'}"
                )
    return problems


def _points(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _points(c)


def map_errors(data_dir: Path) -> list[str]:
    """The map is small, African, keyed by iso3, and covers every country the deployments name."""
    path = data_dir / "africa.geojson"
    problems = []
    if path.stat().st_size >= MAP_MAX_BYTES:
        problems.append(f"africa.geojson is {path.stat().st_size} bytes; keep it under {MAP_MAX_BYTES}")
    geo = json.loads(path.read_text(encoding="utf-8"))
    if geo.get("type") != "FeatureCollection":
        return problems + ["africa.geojson is not a FeatureCollection"]
    iso3 = [f["properties"].get("iso3") for f in geo["features"]]
    for f in geo["features"]:
        props = f["properties"]
        if set(props) != {"name", "iso3"} or not props["name"]:
            problems.append(f"africa.geojson: feature properties should be name and iso3: {props}")
        for lon, lat in _points(f["geometry"]["coordinates"]):
            if not (-26 <= lon <= 64 and -48 <= lat <= 38):
                problems.append(f"africa.geojson: {props.get('name')} has a point outside Africa: {lon}, {lat}")
                break
            if round(lon, 2) != lon or round(lat, 2) != lat:
                problems.append(f"africa.geojson: {props.get('name')} has unrounded coordinates")
                break
    named = [c for c in iso3 if c]
    if len(named) != len(set(named)):
        problems.append("africa.geojson: an iso3 code appears twice")
    if not all(re.fullmatch(r"[A-Z]{3}", c) for c in named):
        problems.append("africa.geojson: an iso3 code is not three capital letters")
    if len(named) < 45:
        problems.append(f"africa.geojson: only {len(named)} countries with an iso3 code")
    for c in sorted(MAP_MUST_HAVE - set(named)):
        problems.append(f"africa.geojson: {c} is missing")
    for row in read_rows(data_dir, "deployments"):
        if row["iso3"] and row["iso3"] not in named:
            problems.append(f"deployments {row['deployment_id']}: {row['iso3']} is not on the map")
    return problems


QUOTED = re.compile(r"'([^']{4,}?)'(?=[\s,.:;)]|$)")  # a phrase in single quotes inside a note or rationale


def attribution_errors(data_dir: Path) -> list[str]:
    """The codebook states the author's thesis as his, and rationales quote only what their paragraph says.

    Issue 22: the codebook's definitions gave the thesis in the course's voice, and P18's rationale put a
    "UN" into a paragraph that names none. A phrase in single quotes in a rationale must be the words of
    the paragraph it codes; a definition must open by attributing the thesis and quote only the article.
    """
    paragraphs = {r["paragraph_id"]: r["text"] for r in read_rows(data_dir, "paragraphs")}
    article = " ".join(paragraphs.values())
    problems = []
    for row in read_rows(data_dir, "motivations_codebook"):
        definition = row["definition"]
        if not definition.startswith("In the author's account") or "P12 'Our analysis shows'" not in definition:
            problems.append(
                f"codebook {row['motivation_id']}: the definition must open \"In the author's account (..., "
                "P12 'Our analysis shows')\": it states the author's thesis, not the course's finding"
            )
        problems += [
            f"codebook {row['motivation_id']}: '{q}' is not the article's words"
            for q in QUOTED.findall(definition)
            if q not in article
        ]
    for row in read_rows(data_dir, "motivation_coding"):
        for motivation in MOTIVATIONS:
            problems += [
                f"motivation_coding {row['paragraph_id']} rationale_{motivation}: '{q}' is not in {row['paragraph_id']}"
                for q in QUOTED.findall(row[f"rationale_{motivation}"])
                if q not in paragraphs.get(row["paragraph_id"], "")
            ]
    return problems


CHECKS = [
    attribution_errors,
    package_errors,
    description_errors,
    csv_convention_errors,
    peacekeeping_errors,
    coding_errors,
    map_errors,
]


# ---------------------------------------------------------------- the real data


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_data_passes(check):
    problems = check(DATA)
    assert not problems, "\n".join(problems)


def test_quotes_are_the_articles_words(seed_text):
    problems = quote_errors(DATA, seed_text)
    assert not problems, "\n".join(problems)


def test_every_article_table_quotes_the_article():
    for name in ARTICLE_TABLES:
        rows = read_rows(DATA, name)
        assert rows, f"{name}.csv is empty"
        assert all(r["paragraph_id"] and r["quote"] for r in rows), f"{name}: a row lacks paragraph_id or quote"


def test_deployments_cover_what_the_article_names():
    rows = read_rows(DATA, "deployments")
    iso3 = {r["iso3"] for r in rows}
    assert {"CAF", "MOZ", "COD", "BDI", "UGA", "BEN"} <= iso3, f"deployments name {sorted(iso3)}"
    frameworks = {r["framework"] for r in rows}
    assert {"multilateral_un", "bilateral", "support_to_armed_group", "prospective"} <= frameworks
    years = {r["iso3"]: r["year"] for r in rows if r["year"]}
    assert years.get("CAF") == "2020" and years.get("MOZ") == "2021", f"years given: {years}"
    # P08.S2's Great Lakes countries are the region Rwanda deploys beyond: the course's inference, not the article's.
    inferred = {r["iso3"] for r in rows if r["status"] == "inferred_from_region"}
    assert inferred == {"COD", "BDI", "UGA"}, f"rows inferred from P08.S2's region: {sorted(inferred)}"
    assert all(r["sentence_id"] == "P08.S2" for r in rows if r["status"] == "inferred_from_region")


def test_claims_can_be_split_by_side():
    themes = [r["theme"] for r in read_rows(DATA, "claims")]
    assert 30 <= len(themes) <= 50, f"{len(themes)} claims"
    assert themes.count("security_provider") >= 3 and themes.count("drc_m23_ambiguity") >= 2


def test_rwandas_aims_are_the_authors_findings():
    """The article quotes no Rwandan source: rows that give Rwanda's aims say whose finding they are (issue 13.3),
    and the DRC rows keep the author's assertion apart from others' condemnation (issue 13.2)."""
    stances = {r["stance_id"]: r for r in read_rows(DATA, "stances")}
    claims = {r["claim_id"]: r for r in read_rows(DATA, "claims")}
    for row in [stances["S02"], *(claims[c] for c in ("C07", "C17", "C18", "C19", "C22"))]:
        assert "author" in row["note"] and "quotes no Rwandan" in row["note"], f"{row['quote']!r}: {row['note']!r}"
    assert "author's own assertion" in claims["C31"]["note"], claims["C31"]["note"]
    assert "alleged" in claims["C32"]["note"] and "others'" in claims["C32"]["note"], claims["C32"]["note"]


def test_voices_reference_codes_the_task_by_its_rules():
    """Notebook 02's voices exercise: the reference (grading side, course/answers/) codes exactly the sentences of
    data/voices_task.csv, quotes each verbatim, agrees with the worked examples students see, follows the rule it
    names, and explains every contested sentence (issue 22.11)."""
    from course.answers import voices

    task = {r["sentence_id"]: r for r in read_rows(DATA, "voices_task")}
    sentences = {r["sentence_id"]: r for r in read_rows(DATA, "sentences")}
    reference = voices.rows()
    assert [r["sentence_id"] for r in reference] == list(task), "the reference and the task list other sentences"
    voice_of_rule = {"1_reported_view": "others", "2_kigali_act": "kigali_did", "3_author": "author"}
    for row in reference:
        sid = row["sentence_id"]
        assert row["quote"] == sentences[sid]["text"] == task[sid]["quote"], f"{sid}: quote is not the sentence"
        assert row["paragraph_id"] == sentences[sid]["paragraph_id"] == task[sid]["paragraph_id"], sid
        assert voice_of_rule.get(row["rule"]) == row["voice"], f"{sid}: rule {row['rule']} gives another voice"
        assert row["also_accepted"] in {"", *voices.VOICES} - {row["voice"]}, (
            f"{sid}: also_accepted {row['also_accepted']!r}"
        )
        shown = (task[sid]["worked_voice"], task[sid]["worked_rule"])
        expected = (row["voice"], row["rule"]) if row["worked_example"] == "true" else ("", "")
        assert shown == expected, f"{sid}: the task shows {shown}, the reference has {expected}"
        if row["also_accepted"]:
            assert row["note"].startswith("Contested."), f"{sid}: a contested sentence needs its note"
    edition = json.loads((ROOT / "notebooks" / "02_tabulating-deployments.ipynb").read_text(encoding="utf-8"))
    markdown = "".join("".join(c["source"]) for c in edition["cells"] if c["cell_type"] == "markdown")
    undiscussed = [
        r["sentence_id"] for r in reference if r["also_accepted"] and f"**{r['sentence_id']}**" not in markdown
    ]
    assert not undiscussed, f"notebook 02 does not discuss the contested sentences {undiscussed}"
    graded = voices.accepted_voices()
    assert len(graded) >= 12 and {v for ok in graded.values() for v in ok} == set(voices.VOICES), graded


# ---------------------------------------------------------------- the checks can fail


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of data/ to damage."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def rewrite(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"tamper test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")


def test_tampered_quote_is_caught(data_copy, seed_text):
    # One word changed inside a quote: "condemned" becomes "criticised".
    rewrite(data_copy / "claims.csv", "have condemned Rwanda's support", "have criticised Rwanda's support")
    problems = quote_errors(data_copy, seed_text)
    assert any("claims C" in p and "not in the seed" in p for p in problems), problems


def replace_in_row(path: Path, row_id: str, old: str, new: str) -> None:
    """Change old to new in the one line of a CSV file that starts with row_id."""
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.split("\n") if li.startswith(row_id + ","))
    assert old in line, f"tamper test setup: {old!r} not in row {row_id}"
    rewrite(path, line, line.replace(old, new, 1))


def test_quote_from_the_wrong_paragraph_is_caught(data_copy, seed_text):
    first = read_rows(data_copy, "stances")[0]
    wrong = "P01" if first["paragraph_id"] != "P01" else "P02"
    replace_in_row(data_copy / "stances.csv", first["stance_id"], f",{first['paragraph_id']},", f",{wrong},")
    problems = quote_errors(data_copy, seed_text)
    assert any(f"not in paragraph {wrong}" in p for p in problems), problems


def test_quote_from_the_wrong_sentence_is_caught(data_copy, seed_text):
    row = read_rows(data_copy, "deployments")[0]
    wrong = row["sentence_id"][:-1] + str(int(row["sentence_id"][-1]) % 2 + 1)
    replace_in_row(data_copy / "deployments.csv", row["deployment_id"], f",{row['sentence_id']},", f",{wrong},")
    problems = quote_errors(data_copy, seed_text)
    assert any(f"not in sentence {wrong}" in p for p in problems), problems


def test_broken_foreign_key_is_caught(data_copy):
    first = read_rows(data_copy, "stances")[0]
    replace_in_row(data_copy / "stances.csv", first["stance_id"], f",{first['actor_id']},", ",A99,")
    problems = package_errors(data_copy)
    assert any(p.startswith("stances:") and "foreign" in p.lower() for p in problems), problems


def test_unknown_paragraph_is_caught(data_copy):
    rewrite(data_copy / "claims.csv", "C01,P01,", "C01,P99,")
    problems = package_errors(data_copy)
    assert any("claims" in p and "foreign" in p.lower() for p in problems), problems


def test_missing_paragraph_in_coding_is_caught(data_copy):
    text = (data_copy / "motivation_coding.csv").read_text(encoding="utf-8")
    lines = [li for li in text.split("\n") if not li.startswith("P12,")]
    (data_copy / "motivation_coding.csv").write_text("\n".join(lines), encoding="utf-8", newline="")
    assert any("missing ['P12']" in p for p in coding_errors(data_copy))


def test_weak_figure_without_warning_is_caught(data_copy):
    rows = read_rows(data_copy, "peacekeeping_figures")
    weak = next(r for r in rows if r["traceability"] == "weak" and r["source"] != "the article")
    path = data_copy / "peacekeeping_figures.csv"
    line = next(li for li in path.read_text(encoding="utf-8").split("\n") if li.startswith(weak["figure_id"] + ","))
    damaged = re.sub(r"[Ww]eak(ly)?", "Thinly", line.replace(",weak,", ",WEAK_KEEP,")).replace(",WEAK_KEEP,", ",weak,")
    assert damaged != line
    rewrite(path, line, damaged)
    problems = peacekeeping_errors(data_copy)
    assert any(weak["figure_id"] in p and "does not say so" in p for p in problems), problems


def test_undescribed_file_is_caught(data_copy):
    (data_copy / "stray.csv").write_text("a\n1\n", encoding="utf-8")
    assert any("stray.csv" in p for p in description_errors(data_copy))


def test_incomplete_or_big_map_is_caught(data_copy):
    path = data_copy / "africa.geojson"
    geo = json.loads(path.read_text(encoding="utf-8"))
    geo["features"] = [f for f in geo["features"] if f["properties"]["iso3"] not in ("RWA", "MOZ")]
    path.write_text(json.dumps(geo) + " " * MAP_MAX_BYTES, encoding="utf-8")
    problems = map_errors(data_copy)
    assert any("RWA is missing" in p for p in problems), problems
    assert any("deployments D" in p and "MOZ is not on the map" in p for p in problems), problems
    assert any("keep it under" in p for p in problems), problems


def test_codebook_in_the_courses_voice_is_caught(data_copy):
    rewrite(
        data_copy / "motivations_codebook.csv",
        "In the author's account (P06 'We uncovered three motivations'; P12 'Our analysis shows'), Rwanda uses",
        "Rwanda uses",
    )
    assert any("codebook international" in p for p in attribution_errors(data_copy))


def test_rationale_that_says_more_than_its_paragraph_is_caught(data_copy):
    rewrite(
        data_copy / "motivation_coding.csv",
        "'has threatened to withdraw its contingents",
        "'has threatened to withdraw its UN contingents",
    )
    assert any("P18 rationale_international" in p for p in attribution_errors(data_copy))
