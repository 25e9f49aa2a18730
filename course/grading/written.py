"""Written answers: taken from the notebook as handed in, and laid out in the written-answers sheet.

A written question's answer is the markdown (or, in notebook 06, the "argument" of a dict) between its
BEGIN and END QUESTION markers; intake.answer_cells finds those cells for every question, auto-graded or
written. This module turns them into the sheet's rows: one per student and written question, with the
marks, criterion marks, comments and extra columns a marker typed in an earlier sheet carried over, and
a "check" when the answer changed after it was marked. Reading the sheet back and turning its cells
into marks is course.grading.marks: that side takes whatever a spreadsheet wrote and knows nothing of
notebooks or graded rows, this side builds the sheet from graded rows and knows nothing of spreadsheets.
"""

from __future__ import annotations

import ast

from course.grading import marks
from course.grading.intake import answer_cells
from course.grading.results import Row, fmt
from course.grading.state import Changes


def written_answers(nb: dict, manual_names: list[str]) -> dict[str, str]:
    """Manual question name -> the student's written answer (markdown), as handed in."""
    given = answer_cells(nb)
    return {name: "\n\n".join(given.get(f"manual-{i}", [])).strip() for i, name in enumerate(manual_names, start=1)}


def written_text(answer: str) -> str:
    """What a marker reads for a written answer: the "argument" of a dict answer (notebook 06), else the text.

    Notebook 06 asks for ``answer_N = {"position": ..., "evidence": [...], "argument": "..."}`` in a
    code cell; its argument is the written part, and the placeholder ``...`` is no answer.
    """
    try:
        tree = ast.parse(answer)
    except (SyntaxError, ValueError):
        return answer
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == "argument":
                    try:
                        text = ast.literal_eval(v)
                    except ValueError:
                        return answer
                    text = text.strip() if isinstance(text, str) else ""
                    return "" if text in ("", "...") else text
    return answer


def sheet_table(rows: list[Row], earlier: marks.Sheet | None, changes: Changes) -> tuple[list[str], list[dict]]:
    """The written-answers sheet: a row per student and written question, the markers' cells carried over."""
    table = marks.rubrics()
    criteria: list[str] = []
    for row in rows:
        for name, _ in row.autograder.manual if row.autograder and row.graded else []:
            criteria += [marks.criterion_column(c, t) for c, t in table.get(name, [])]
    criteria = list(dict.fromkeys(criteria))
    old = {marks.key(e): e for e in earlier.rows} if earlier else {}
    extra = earlier.extra_columns() if earlier else []
    carried = [*criteria, *(c for c in (earlier.criteria_columns().values() if earlier else []) if c not in criteria)]
    header = [*marks.BASE, *carried, *marks.MARKER, marks.CHECK, *extra]
    entries, seen = [], set()
    for row in rows:
        if not (row.autograder and row.graded):
            continue
        sub = row.submission
        for name, points in row.autograder.manual:
            entry = {
                "student": sub.student,
                "assignment": sub.assignment,
                "question": name,
                "points": fmt(points),
                "blank": "yes" if name in row.blank else "",
                "answer": written_text(row.written.get(name, "")),
                "check": "",
            }
            before = old.get(marks.key(entry))
            if before is not None:
                seen.add(marks.key(entry))
                typed = marks.marker_fields(earlier, before) if earlier else {}
                entry.update(typed)
                if typed:
                    changes.marks_kept += 1
                    if " ".join(before.get("answer", "").split()) != " ".join(entry["answer"].split()):
                        entry["check"] = "answer changed after it was marked"
                        changes.answer_changed.append(f"{sub.student} {name}")
                    elif before.get("check"):
                        entry["check"] = before["check"]
            entries.append(entry)
    for entry_key, before in old.items():  # a marked row whose hand-in is no longer graded is kept, never dropped
        if entry_key not in seen and earlier and marks.marker_fields(earlier, before):
            entries.append({**before, "check": "no graded hand-in for this row any more"})
            changes.marks_kept += 1
    return header, entries
