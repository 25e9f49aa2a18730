"""The course's sources document and citation file: every citation resolves, every figure matches its entry.

Each check is a function of a repository folder that returns a list of problems, so that the tamper tests
at the bottom can run it on a damaged copy: a check that cannot fail proves nothing.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", ".venv", "dist", "node_modules", "__pycache__", ".ipynb_checkpoints"}
SCANNED = {".csv", ".json", ".md", ".ipynb"}
# A path that ends in SOURCES.md, with an optional #anchor.
CITATION = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*SOURCES\.md)(?:#([\w-]+))?")
ANCHOR = re.compile(r'<a id="([\w-]+)"></a>')
FIGURE_ROW = re.compile(r"^\| (F\d+) \|(.*)\|\s*$")
SOURCE_LINK = re.compile(r"\[[\w-]+\]\(#([\w-]+)\)")
VERSION_IN_NOTEBOOK = re.compile(r"Course version:\**\s*([0-9][\w.]*)")


def scanned_files(root: Path) -> list[Path]:
    """Every csv, json, md and ipynb file of the repository (not .git, .venv or build output)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in SCANNED and not SKIP_DIRS & set(p.relative_to(root).parts)
    )


def anchors(root: Path) -> set[str]:
    """The ids SOURCES.md defines (explicit <a id> anchors)."""
    return set(ANCHOR.findall((root / "SOURCES.md").read_text(encoding="utf-8")))


def citation_errors(root: Path) -> list[str]:
    """Every citation of a sources document resolves to SOURCES.md in the repository, and its anchor exists.

    A path is read relative to the citing file's folder, as a link is followed. A bare "SOURCES.md" in a
    table note or a description (not a link) names the repository's sources document, so it may also be
    read from the repository root; a path with folders (shared/reference/SOURCES.md) must really exist.
    A master notebook (course/source/) is read from notebooks/, where its student edition lives.
    """
    if not (root / "SOURCES.md").exists():
        return ["SOURCES.md is missing from the repository root"]
    defined = anchors(root)
    problems = []
    for path in scanned_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in CITATION.finditer(text):
            cited, anchor = match.group(1), match.group(2)
            where = f"{path.relative_to(root)}: '{match.group(0)}'"
            # A master's links are followed from its student edition, in notebooks/.
            base = root / "notebooks" if path.parent == root / "course" / "source" else path.parent
            candidates = [(base / cited).resolve()]
            if "/" not in cited:
                candidates.append((root / cited).resolve())
            if not any(c == (root / "SOURCES.md").resolve() for c in candidates):
                problems.append(f"{where} does not lead to SOURCES.md at the repository root")
            elif anchor and anchor not in defined:
                problems.append(f"{where} names the anchor #{anchor}, which SOURCES.md does not define")
    return problems


def figure_entries(root: Path) -> dict[str, dict[str, str]]:
    """SOURCES.md's figure table: figure id -> source id and scope."""
    entries = {}
    for line in (root / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = FIGURE_ROW.match(line)
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            link = SOURCE_LINK.fullmatch(cells[-2])
            entries[match.group(1)] = {"source_id": link.group(1) if link else "", "scope": cells[-1]}
    return entries


def source_urls(root: Path) -> dict[str, str]:
    """Each source id of SOURCES.md -> the text of its section (to find the URLs it gives)."""
    text = (root / "SOURCES.md").read_text(encoding="utf-8")
    parts = ANCHOR.split(text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def figure_errors(root: Path) -> list[str]:
    """Every figure row has an entry in SOURCES.md: same scope, a defined source that gives the row's link."""
    entries = figure_entries(root)
    sections = source_urls(root)
    with open(root / "data" / "peacekeeping_figures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    problems = []
    for row in rows:
        fid = row["figure_id"]
        entry = entries.get(fid)
        if entry is None:
            problems.append(f"{fid}: no line for it in SOURCES.md's figure table")
            continue
        if entry["scope"] != row["scope"]:
            problems.append(f"{fid}: scope {row['scope']!r} in the table, {entry['scope']!r} in SOURCES.md")
        section = sections.get(entry["source_id"])
        if section is None:
            problems.append(f"{fid}: SOURCES.md names source #{entry['source_id']}, which it does not define")
        elif row["source_url"] and row["source_url"] not in section:
            problems.append(f"{fid}: its link {row['source_url']} is not in SOURCES.md#{entry['source_id']}")
    problems += [
        f"{fid}: in SOURCES.md but not in the table" for fid in sorted(set(entries) - {r["figure_id"] for r in rows})
    ]
    return problems


def notebook_versions(root: Path) -> dict[str, str]:
    """The course version each notebook's first cell shows, where it shows one."""
    found = {}
    for path in sorted(
        [*(root / "notebooks").glob("[0-9][0-9]_*.ipynb"), *(root / "course" / "source").glob("[0-9][0-9]_*.ipynb")]
    ):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells[:3]:
            match = VERSION_IN_NOTEBOOK.search("".join(cell["source"]))
            if match:
                found[str(path.relative_to(root))] = match.group(1)
                break
    return found


def citation_file_errors(root: Path) -> list[str]:
    """CITATION.cff loads, has what CFF 1.2.0 requires, and its version is the one every notebook shows."""
    path = root / "CITATION.cff"
    if not path.exists():
        return ["CITATION.cff is missing"]
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"CITATION.cff is not valid YAML: {exc}"]
    problems = [
        f"CITATION.cff has no {key}"
        for key in ("cff-version", "message", "title", "authors", "version")
        if not cff.get(key)
    ]
    if cff.get("cff-version") != "1.2.0":
        problems.append(f"CITATION.cff: cff-version is {cff.get('cff-version')!r}, not '1.2.0'")
    version = str(cff.get("version"))
    problems += [
        f"{nb} shows course version {shown}, CITATION.cff says {version}"
        for nb, shown in notebook_versions(root).items()
        if shown != version
    ]
    return problems


def further_reading_errors(root: Path) -> list[str]:
    """Every reference in the further reading has a year, a title and a venue."""
    problems = []
    for line in re.split(r"\n(?=- \*\*)", (root / "readings" / "further-reading.md").read_text(encoding="utf-8")):
        if not line.startswith("- **"):
            continue
        entry = " ".join(line.split())
        name = entry[4 : entry.index("**", 4)]
        if not re.search(r"\b(1[89]|20)\d\d\b", entry.split("**", 2)[2]):
            problems.append(f"{name}: no year")
        if not re.search(r'"[^"]{10,}"|\*[^*]{10,}\*', entry.split("**", 2)[2]):
            problems.append(f"{name}: no title")
        venue = re.search(
            r'"[^"]+",\s*\*([^*]+)\*|\*[^*]+\*,\s*[A-Z][^:*]{2,40}:\s*[A-Z]\w+|"[^"]+",\s*(journal article[^,]*)', entry
        )
        if not venue:
            problems.append(f"{name}: no venue (journal in italics after the title, or a book's place and publisher)")
    return problems


# The primary sources issue 22 asked for, for the article's two contested claims (P05, P17).
PRIMARY_SOURCES = ("un-contributions-2024", "un-group-of-experts-2024", "rwanda-response-2024")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATED = re.compile(rf"\b({MONTHS}) 20\d\d\b")


def primary_source_errors(root: Path) -> list[str]:
    """Each primary source for a contested claim has its entry: source, scope, a date and a link."""
    sections = source_urls(root)
    problems = []
    for source_id in PRIMARY_SOURCES:
        section = sections.get(source_id)
        if section is None:
            problems.append(f"SOURCES.md has no entry #{source_id}")
            continue
        for field in ("**Source:**", "**Scope:**", "**Independence:**"):
            if field not in section:
                problems.append(f"SOURCES.md#{source_id} has no {field} line")
        if not DATED.search(section):
            problems.append(f"SOURCES.md#{source_id} gives no date (a month and year, such as 'July 2024')")
        if not re.search(r"<https?://[^>\s]+>", section):
            problems.append(f"SOURCES.md#{source_id} gives no link")
    return problems


CHECKS = [citation_errors, figure_errors, citation_file_errors, further_reading_errors, primary_source_errors]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sources_pass(check) -> None:
    problems = check(ROOT)
    assert not problems, "\n".join(problems)


def test_the_release_carries_what_the_notebooks_link() -> None:
    from course import release

    shipped = {source for source, _ in release.STUDENT_DOCUMENTS}
    assert {"SOURCES.md", "CITATION.cff", "readings/further-reading.md", "readings/ethics.md"} <= shipped
    assert all((ROOT / source).exists() for source in shipped)


# ---------------------------------------------------------------- tamper tests: each check can fail


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The files the checks read, copied to a scratch folder."""
    for name in ("SOURCES.md", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "peacekeeping_figures.csv", tmp_path / "data" / "peacekeeping_figures.csv")
    (tmp_path / "readings").mkdir()
    shutil.copy(ROOT / "readings" / "further-reading.md", tmp_path / "readings" / "further-reading.md")
    (tmp_path / "notebooks").mkdir()
    return tmp_path


def test_citation_of_a_file_outside_the_repository_is_caught(repo_copy: Path) -> None:
    (repo_copy / "data" / "notes.md").write_text("Figures from shared/reference/SOURCES.md.\n", encoding="utf-8")
    assert any("shared/reference/SOURCES.md" in p for p in citation_errors(repo_copy))


def test_wrong_relative_link_is_caught(repo_copy: Path) -> None:
    (repo_copy / "notebooks" / "x.md").write_text("See [sources](../../SOURCES.md).\n", encoding="utf-8")
    assert citation_errors(repo_copy)
    (repo_copy / "notebooks" / "x.md").write_text("See [sources](../SOURCES.md).\n", encoding="utf-8")
    assert not citation_errors(repo_copy)


def test_unknown_anchor_is_caught(repo_copy: Path) -> None:
    (repo_copy / "readings" / "x.md").write_text("[x](../SOURCES.md#no-such-source)\n", encoding="utf-8")
    assert any("no-such-source" in p for p in citation_errors(repo_copy))


def test_scope_that_differs_from_its_source_entry_is_caught(repo_copy: Path) -> None:
    path = repo_copy / "data" / "peacekeeping_figures.csv"
    text = path.read_text(encoding="utf-8")
    f03 = next(line for line in text.splitlines() if line.startswith("F03,"))
    path.write_text(text.replace(f03, f03.replace("UN mission UNMIS (Sudan); personnel", "UN missions; personnel")))
    assert any(p.startswith("F03: scope") for p in figure_errors(repo_copy))


def test_figure_without_entry_is_caught(repo_copy: Path) -> None:
    path = repo_copy / "SOURCES.md"
    path.write_text("\n".join(ln for ln in path.read_text().splitlines() if not ln.startswith("| F24 |")))
    assert any(p.startswith("F24:") for p in figure_errors(repo_copy))


def test_notebook_version_that_differs_is_caught(repo_copy: Path) -> None:
    notebook = {"cells": [{"cell_type": "markdown", "source": ["# 01\n", "**Course version:** 0.1.9\n"]}]}
    (repo_copy / "notebooks" / "01_x.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    assert any("0.1.9" in p for p in citation_file_errors(repo_copy))


def test_reference_without_venue_is_caught(repo_copy: Path) -> None:
    path = repo_copy / "readings" / "further-reading.md"
    path.write_text(path.read_text() + '\n- **Nobody (2020).** A. Nobody, "A title with no venue at all", 2020.\n')
    assert any(p.startswith("Nobody (2020)") for p in further_reading_errors(repo_copy))


def test_primary_source_without_date_or_link_is_caught(repo_copy: Path) -> None:
    path = repo_copy / "SOURCES.md"
    text = path.read_text(encoding="utf-8")
    start = text.index('<a id="rwanda-response-2024">')
    end = text.index("<a id=", start + 10)
    bare = '<a id="rwanda-response-2024"></a>\n### Rwanda\'s response\n\n- **Source:** a news agency.\n\n'
    path.write_text(text[:start] + bare + text[end:], encoding="utf-8")
    problems = primary_source_errors(repo_copy)
    assert any("rwanda-response-2024 gives no date" in p for p in problems), problems
    assert any("rwanda-response-2024 gives no link" in p for p in problems), problems
    assert any("rwanda-response-2024 has no **Scope:**" in p for p in problems), problems
