"""The jail's boundaries: the runner imports only the protocol, the codec and the otter stand-in, nothing imports
it, and a jail made by course.grading.jail (as root and as an unprivileged user) has no network, no view of the
checkout or the home folder, a size-capped scratch, limits it cannot raise and no way to start a process."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.grading import jail
from tests.conftest import ROOT

GRADING = ROOT / "course" / "grading"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found |= {f"{base}{alias.name}" if node.level and not node.module else base for alias in node.names}
            found |= {f"{base}.{alias.name}" for alias in node.names if node.module}
    return found


def test_jailed_side_imports_only_protocol_codec_and_otter_standin_and_nothing_imports_it() -> None:
    # coursekit is the student's own package, in the jail already: the runner sets its checkpoint provider.
    jailed_imports = imported_modules(GRADING / "jailed.py")
    course_imports = {m for m in jailed_imports if m == "course" or m.startswith((".", "course."))} - {"."}
    assert course_imports == {".codec", ".protocol", ".otter_standin"}, course_imports
    assert {f"{m[1:]}.py" for m in course_imports} | {"jailed.py"} == set(jail.RUNNER_FILES)
    for module in ("protocol.py", "codec.py", "otter_standin.py"):
        assert not {m for m in imported_modules(GRADING / module) if m.startswith((".", "course"))}, module
    for path in [*(ROOT / "course").rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]:
        if path.name == "jailed.py" or path == Path(__file__):
            continue
        names = imported_modules(path)
        assert not names & {"course.grading.jailed", ".jailed", "jailed"}, path


PROBE = r"""
import os, resource, socket, sys
checks = {}
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); checks["network"] = "open"
except OSError:
    checks["network"] = "none"
try:
    os.fork(); checks["fork"] = "allowed"
except OSError:
    checks["fork"] = "refused"
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)); checks["raise"] = "yes"
except (ValueError, OSError):
    checks["raise"] = "no"
checks["checkout"] = os.path.exists(sys.argv[1])
checks["home"] = os.path.exists(sys.argv[2])
try:
    with open("/submission/big", "wb") as f:
        for _ in range(400):
            f.write(b"x" * 1024 * 1024)
    checks["cap"] = "none"
except OSError:
    checks["cap"] = "held"
print(checks)
"""


def probe(tmp_path: Path, wrap: list[str]) -> str:
    """Run the probe in a jail built as course grade builds one; return what it printed."""
    (tmp_path / "files").mkdir(exist_ok=True)
    runner = jail.runner_package(tmp_path / "runner")
    limits = jail.Limits(scratch_size=64 * 1024**2, file_size=512 * 1024**2)
    argv = jail.command(runner, tmp_path / "files", limits, None)
    python = "/usr/bin/python3" if wrap else sys.executable
    places = [str(ROOT / "course"), str(Path.home() / ".cache")]
    argv = argv[: argv.index("--")] + ["--", python, "-I", "-c", PROBE, *places]
    if wrap:  # user 65534 cannot read /root's Python here: the probe runs Debian's (in /usr) instead
        for root in jail.python_roots():
            at = argv.index(root)
            del argv[at - 1 : at + 2]
    seccomp = jail.seccomp_fd()
    result = subprocess.run(
        [*wrap, *argv[:1], "--seccomp", str(seccomp), *argv[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        pass_fds=[seccomp],
        preexec_fn=lambda: jail.set_limits(limits),
    )
    os.close(seccomp)
    assert result.returncode == 0, result.stderr
    return result.stdout


EXPECTED = "{'network': 'none', 'fork': 'refused', 'raise': 'no', 'checkout': False, 'home': False, 'cap': 'held'}"


def test_jail_holds_as_the_instructor(tmp_path: Path) -> None:
    assert probe(tmp_path, []).strip() == EXPECTED


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs setpriv, run as root")
def test_jail_holds_as_an_unprivileged_user(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = Path("/tmp") / f"course-jail-test-{os.getpid()}"
    base.mkdir(mode=0o755)
    try:
        wrap = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        assert probe(base, wrap).strip() == EXPECTED
    finally:
        shutil.rmtree(base, ignore_errors=True)


ASSIGNMENT = "01_reading-the-raw-text"


def grade_class(built_dist: Path, base: Path, *options: str, env: dict[str, str] | None = None) -> tuple:
    """Grade two solutions of notebook 01 with the CLI; (completed process, gradebook rows by student)."""
    import csv

    folder, out = base / "class", base / "out"
    folder.mkdir(parents=True)
    solution = (built_dist / "solutions" / f"{ASSIGNMENT}.ipynb").read_bytes()
    for student in ("ada", "bob"):
        (folder / f"{student}_{ASSIGNMENT}.ipynb").write_bytes(solution)
    argv = [sys.executable, "-m", "course", "grade", str(folder), "-o", str(out), "--timeout", "20", *options]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=ROOT, env=env or dict(os.environ))
    rows = {}
    if (out / "gradebook.csv").exists():
        with (out / "gradebook.csv").open(encoding="utf-8") as handle:
            rows = {row["student"]: row for row in csv.DictReader(handle)}
    return result, rows


def test_a_failure_of_the_grader_is_that_files_row_with_its_traceback_in_the_log(
    built_dist: Path, tmp_path: Path
) -> None:
    from course.grading import harness

    env = {**os.environ, harness.FAIL_FOR: "bob"}
    result, rows = grade_class(built_dist, tmp_path, "--jobs", "1", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows["ada"]["status"] == "ok" and rows["ada"]["isolation"] == "jail"
    assert rows["bob"]["status"] == "grader-error" and rows["bob"]["total"] == ""
    assert f"bob_{ASSIGNMENT}.ipynb" in rows["bob"]["reason"]
    log = (tmp_path / "out" / "grading-errors.log").read_text(encoding="utf-8")
    assert f"bob_{ASSIGNMENT}.ipynb" in log and "Traceback" in log and harness.FAIL_FOR in log
    assert "ada_" not in log


def test_unisolated_grades_with_limits_only_and_every_row_says_so(built_dist: Path, tmp_path: Path) -> None:
    result, rows = grade_class(built_dist, tmp_path, "--unisolated", "--jobs", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    assert [rows[s]["isolation"] for s in ("ada", "bob")] == ["unisolated", "unisolated"]
    assert all(row["status"] == "ok" and "unisolated" in row["reason"] for row in rows.values()), rows
    assert rows["ada"]["total"] == rows["bob"]["total"] != ""


def test_refuses_at_start_where_bubblewrap_cannot_run(built_dist: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # a PATH with Python's folder and no bwrap
    bin_dir.mkdir()
    env = {**os.environ, "PATH": str(bin_dir)}
    result, rows = grade_class(built_dist, tmp_path, env=env)
    assert result.returncode != 0
    assert "bubblewrap" in result.stderr and "--unisolated" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert not rows and not (tmp_path / "out" / "gradebook.csv").exists()


NAMESPACES = r"""
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
said = []
for flags in (0x10000000, 0x00020000, 0x10000000 | 0x00020000):  # CLONE_NEWUSER, CLONE_NEWNS
    said.append("refused" if libc.unshare(flags) != 0 else "unshared")
said.append("refused" if libc.setns(os.open("/proc/self/ns/user", os.O_RDONLY), 0) != 0 else "joined")
said.append("refused" if libc.mount(b"none", b"/tmp", b"tmpfs", 0, b"size=4g") != 0 else "mounted")
try:
    os.memfd_create("held")
    said.append("memfd")
except OSError:
    said.append("refused")
said.append("refused" if libc.shmget(0, 30 << 20, 0o1600) < 0 else "shm")
said += [line.split()[1] for line in open("/proc/self/status") if line.startswith("CapEff")]
print(",".join(said))
"""


@pytest.mark.parametrize("layer", ["seccomp", "disable-userns"])
def test_no_namespace_mount_or_uncounted_memory_inside(tmp_path: Path, layer: str) -> None:
    """Each layer holds on its own: bwrap's --disable-userns, and the seccomp filter (issue 20.1, 20.2)."""
    (tmp_path / "files").mkdir()
    (tmp_path / "probe.py").write_text(NAMESPACES, encoding="utf-8")
    argv = jail.command(jail.runner_package(tmp_path / "runner"), tmp_path / "files", jail.Limits(), None)
    at = argv.index("--remount-ro")
    argv = [*argv[:at], "--ro-bind", str(tmp_path / "probe.py"), "/srv/probe.py", *argv[at : argv.index("--")]]
    fds = []
    if layer == "seccomp":
        fds = [jail.seccomp_fd()]
        argv = [argv[0], "--seccomp", str(fds[0]), *[a for a in argv[1:] if a != "--disable-userns"]]
    else:
        assert "--disable-userns" in argv
    result = subprocess.run([*argv, "--", jail.interpreter(), "/srv/probe.py"], capture_output=True, text=True,
                            pass_fds=fds, timeout=120)  # fmt: skip
    for fd in fds:
        os.close(fd)
    said = result.stdout.strip().split(",")
    assert result.returncode == 0, result.stderr
    assert said[:5] == ["refused"] * 5 and said[-1] == "0000000000000000", said
    if layer == "seccomp":
        assert said[5:7] == ["refused", "refused"], said
