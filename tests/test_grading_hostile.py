"""A hostile class: every kind of attack the grading issue lists, graded in ONE `course grade` batch beside
honest hand-ins. Each case asserts its row's outcome; the whole batch asserts that no file outside the
output folder changed (the checkout, a fake home's cache, a folder outside), that the honest solutions
keep their full scores, and that no process of any submission is alive afterwards.

Every hostile cell first renames its process (prctl PR_SET_NAME) to a token unique to this run, and
every child it tries to start carries the token in its argv: after the batch, /proc must hold none.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from course.grading import autograder
from tests.conftest import ROOT
from tests.grade_corpus import answer_positions

pytestmark = pytest.mark.xdist_group("grading")
ASSIGNMENT = "01_reading-the-raw-text"
TIMEOUT = 8
TOKEN = "hx" + secrets.token_hex(5)  # 12 characters: fits a process name (15)
NAME_PROCESS = f"__import__('ctypes').CDLL(None).prctl(15, {TOKEN.encode()!r}, 0, 0, 0)\n"
# Files other engineers may be editing while this runs; everything else tracked must stay byte for byte.
BUSY = (".py", ".md", ".toml", ".txt")
UNREADABLE = {"invalid", "not-a-notebook", "wrong-assignment"}


@dataclass
class Case:
    """One hostile hand-in: its file, the student id it must get, and the row it must produce."""

    file: str
    student: str
    kind: str  # the heading it belongs to
    status: set[str]
    score: str  # full | blank (at most the blank notebook's) | none (not graded) | any
    says: str = ""  # text the row's reason must contain (the probe's own report)
    by_student: bool = False  # found by its student, not its file (a member of a bulk download, a placeholder)


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


BEFORE_CHECK = re.compile(r"\A\s*# BEFORE CHECK (\w+)\n")


def appended(nb: dict, source: str) -> dict:
    """A copy of the notebook with one code cell (named by the token) added at the end.

    Code that starts with ``# BEFORE CHECK q…`` goes just before that question's check cell instead: each
    question is graded where its check runs (issue 19), so a hostile answer must be in place by then.
    """
    copy = json.loads(json.dumps(nb))
    cell = {"cell_type": "code", "execution_count": None, "id": "hostile", "metadata": {}, "outputs": []}
    cell["source"] = NAME_PROCESS + source
    where = BEFORE_CHECK.match(source)
    if where:
        copy["cells"].insert(answer_positions(copy)[where.group(1)] + 1, cell)
    else:
        copy["cells"].append(cell)
    return copy


def probes(places: dict[str, str]) -> dict[str, tuple[str, str, set[str], str, str]]:
    """name -> (base notebook, code, allowed statuses, score, text the reason must contain)."""
    checkout, outside, home = places["checkout"], places["outside"], places["home"]
    autograders = places["autograders"]
    child = ["/usr/bin/python3", "-c", "import time; time.sleep(120)", TOKEN]
    wrong = {"cell-errors", "tampered", "ok"}
    return {
        # --- forged results ---
        "forge-module": (
            "blank",
            """
import sys
runner = sys.modules['course_jail.jailed']
runner.Runner.get = lambda self, request: {'status': 'ok', 'value': True, 'notes': []}
runner.Runner.call = lambda self, request: {'status': 'ok', 'value': [('', 'x', '')]}
sys.modules['course_jail.codec'].Encoder.encode = lambda self, value, depth=0: True
import otter.test_files.abstract_test as abstract
abstract.TestFile.score = property(lambda self: self.possible)
abstract.TestFile.passed_all = property(lambda self: True)
try:
    import course.grading.harness as harness
    harness.run_tests = lambda *args: ({}, '')
except ImportError:
    pass
""",
            wrong,
            "blank",
            "",
        ),
        "forge-otter-from-call": (
            "blank",
            """
def kwic(text, keyword, width=40):
    import builtins
    import otter.test_files.abstract_test as abstract
    import otter.test_files.exception_test as exception_test
    exception_test.ExceptionTestFile.run = lambda self, env: None
    abstract.TestFile.score = property(lambda self: self.possible)
    builtins.AssertionError = Warning
    return [('', keyword, '')]
""",
            wrong,
            "blank",
            "",
        ),
        "forge-eq-inherited": (
            "blank",
            """
class Base(list):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __len__(self):
        return 30
class Lines(Base):
    pass
lines = Lines(['x'])
years = Lines([2024])
""",
            {"tampered"},
            "blank",
            "",
        ),
        "forge-eq-disguised": (
            "blank",
            """
import pandas as pd
Disguised = type('list', (list,), {'__eq__': lambda s, o: True, '__len__': lambda s: 4, '__module__': 'builtins'})
headings = Disguised(['x'])
class Proxy:
    __class__ = property(lambda self: list)
    def __eq__(self, other):
        return True
lines = Proxy()
class Frame(pd.DataFrame):
    def equals(self, other):
        return True
body = Frame({'kind': ['paragraph'], 'paragraph_id': ['P01'], 'section': ['x'], 'n_words': [1]})
""",
            {"tampered"},
            "blank",
            "",
        ),
        # --- leaks ---
        "leak-exception": (
            "solution",
            """
import sys
import pandas as pd
seen = []
def kwic(text, keyword, width=40):
    seen.append(keyword)
    raise ValueError('LEAK:' + repr(seen))
codec = sys.modules['course_jail.codec']
original = codec.Encoder.encode
def encode(self, value, depth=0):
    if type(value) is pd.Series and depth == 0:
        value = pd.Series([1] * max(1, len(seen)), index=list(seen) or ['none'])
    return original(self, value, depth)
codec.Encoder.encode = encode
""",
            {"cell-errors", "ok", "tampered"},
            "any",
            "",
        ),
        "leak-dirfd": (
            "solution",
            f"""
import os
found = []
SYSTEM = {"/proc", "/sys", "/usr", "/dev", "/root", "/work", "/lib", "/lib32", "/lib64", "/bin", "/sbin"}
def walk(folder, path, depth):
    if depth > 6 or len(found) > 20:
        return
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if path + name in SYSTEM:
            continue
        if name.endswith('.zip') or name == 'tests' or name.startswith('q1_'):
            found.append(path + name)
        try:
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder)
        except OSError:
            continue
        walk(inner, path + name + '/', depth + 1)
        os.close(inner)
walk(os.open('/', os.O_RDONLY | os.O_DIRECTORY), '/', 0)
for target in ({autograders!r}, {checkout!r} + '/course/source', {checkout!r} + '/dist'):
    try:
        os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        found.append(target)
    except OSError:
        pass
raise RuntimeError('FOUND:' + repr(found))
""",
            {"cell-errors"},
            "full",
            "FOUND:[]",
        ),
        "leak-spawn": (
            "solution",
            f"""
import ctypes, os, subprocess
argv = {child!r}
said = []
try:
    os.posix_spawn(argv[0], argv, {{}})
    said.append('spawned')
except OSError:
    said.append('refused')
try:
    if os.fork() == 0:
        os.execv(argv[0], argv)
    said.append('forked')
except OSError:
    said.append('refused')
libc = ctypes.CDLL(None, use_errno=True)
for pid in (libc.syscall(56, 17, 0, 0, 0, 0), libc.fork()):
    if pid == 0:
        os.execv(argv[0], argv)
    said.append('refused' if pid < 0 else 'cloned')
try:
    subprocess.Popen(argv, start_new_session=True)
    said.append('popen')
except OSError:
    said.append('refused')
raise RuntimeError('SPAWN:' + ','.join(said))
""",
            {"cell-errors"},
            "full",
            "SPAWN:refused,refused,refused,refused,refused",
        ),
        "leak-memory-a": (
            "solution",
            f"""
import os, sys, types
secret = 'SECRET' + {TOKEN[::-1]!r}
os.environ['COURSE_SECRET'] = secret
for path in ('/tmp/secret.txt', '/dev/shm/secret', '/submission/secret.txt'):
    with open(path, 'w') as handle:
        handle.write(secret)
sys.modules['secret_module'] = types.ModuleType('secret_module')
""",
            {"ok", "cell-errors"},
            "full",
            "",
        ),
        "leak-memory-b": (
            "solution",
            """
import glob, os, sys
hits = [k for k in os.environ if 'SECRET' in k]
hits += [p for p in glob.glob('/tmp/*') + glob.glob('/dev/shm/*') + glob.glob('/submission/*') if 'secret' in p]
hits += ['module'] if 'secret_module' in sys.modules else []
raise RuntimeError('MEMORY:' + repr(hits))
""",
            {"cell-errors"},
            "full",
            "MEMORY:[]",
        ),
        # --- harm outside the submission ---
        "harm-dirfd": (
            "solution",
            f"""
import os
wrote = []
for target in ({checkout!r}, {checkout!r} + '/data', {outside!r}, {home!r}, '..', '/srv/course', '/srv/grader', '/'):
    # Inside the jail /tmp is its own tmpfs: a checkout under /tmp (a CI clone) is only the mount point of its
    # Python there, and a write to it stays in the jail's memory. The host side is checked after the batch.
    if target.startswith('/tmp/'):
        continue
    try:
        folder = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        handle = os.open('HARM-{TOKEN}', os.O_CREAT | os.O_WRONLY, dir_fd=folder)
        os.write(handle, b'x')
        wrote.append(target)
    except OSError:
        pass
raise RuntimeError('DIRFD:' + repr(wrote))
""",
            {"cell-errors"},
            "full",
            "DIRFD:[]",
        ),
        "harm-plant-a": (
            "solution",
            f"""
import os
for path in ('data/planted-{TOKEN}.csv', '/srv/course/data/planted-{TOKEN}.csv', '../data/planted-{TOKEN}.csv',
             {checkout!r} + '/data/planted-{TOKEN}.csv'):
    try:
        with open(path, 'w') as handle:
            handle.write('x')
    except OSError:
        pass
with open('data/paragraphs.csv', 'w') as handle:
    handle.write('paragraph_id\\nplanted\\n')
""",
            {"ok", "cell-errors"},
            "full",
            "",
        ),
        "harm-plant-b": (
            "solution",
            f"""
import os
planted = os.path.exists('data/planted-{TOKEN}.csv')
raise RuntimeError('PLANT:' + repr([planted, os.path.getsize('data/paragraphs.csv') > 1000]))
""",
            {"cell-errors"},
            "full",
            "PLANT:[False, True]",
        ),
        "harm-cache": (
            "solution",
            f"""
import os
wrote = []
for base in ({home!r}, '/root', os.path.expanduser('~')):
    folder = os.path.join(base, '.cache', 'rwanda-course')
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, 'HARM-{TOKEN}.js'), 'w') as handle:
            handle.write('alert(1)')
        with open(os.path.join(folder, 'vega.js'), 'w') as handle:
            handle.write('alert(1)')
        wrote.append(base)
    except OSError:
        pass
raise RuntimeError('CACHE:' + repr([w for w in wrote if not w.startswith('/tmp/')]))
""",
            {"cell-errors"},
            "full",
            "CACHE:[]",
        ),
        "harm-empty-outside": (
            "solution",
            f"""
import os, shutil
for target in ({outside!r}, {checkout!r} + '/data', {checkout!r} + '/seeds', {home!r}, '/srv/course'):
    shutil.rmtree(target, ignore_errors=True)
    for root, folders, files in os.walk(target):
        for name in files:
            try:
                os.unlink(os.path.join(root, name))
            except OSError:
                pass
""",
            {"ok", "cell-errors"},
            "full",
            "",
        ),
        "harm-udp": (
            "solution",
            f"""
import socket
sent = []
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for address in (('127.0.0.1', {places["udp_port"]}), ({places["host_ip"]!r}, {places["udp_port"]}), ('8.8.8.8', 53)):
    try:
        sock.sendto(b'{TOKEN}', address)
        sent.append(address[0])
    except OSError:
        pass
""",
            {"ok", "cell-errors"},
            "full",
            "",
        ),
        "harm-rlimit": (
            "solution",
            """
import resource
said = []
for kind in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE):
    try:
        resource.setrlimit(kind, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        said.append('raised')
    except (ValueError, OSError):
        said.append('held')
try:
    big = bytearray(6 * 1024**3)
    said.append('allocated')
except MemoryError:
    said.append('no-memory')
raise RuntimeError('RLIMIT:' + ','.join(said))
""",
            {"cell-errors"},
            "full",
            "RLIMIT:held,held,held,held,no-memory",
        ),
        "harm-disk": (
            "solution",
            """
import os
written = []
for folder in ('/submission', '/tmp', '/dev/shm', '/dev', '/'):
    total = 0
    for number in range(40):
        try:
            with open(f'{folder}/fill{number}', 'wb') as handle:
                for _ in range(16):
                    handle.write(bytes(1024 * 1024))
            total += 16
        except OSError:
            break
    for number in range(40):
        try:
            os.unlink(f'{folder}/fill{number}')
        except OSError:
            pass
    written.append(total)
raise RuntimeError('DISK:' + repr(written))
""",
            {"cell-errors"},
            "full",
            "DISK:[",
        ),
        # --- capabilities and memory outside the limits (issue 20.1, 20.2) ---
        "escape-userns": (
            "solution",
            """
import ctypes, os
try:
    get_ipython().history_manager.save_thread.stop()  # single-threaded, as unshare(CLONE_NEWUSER) wants
except Exception:
    pass
libc = ctypes.CDLL(None, use_errno=True)
said = []
for flags in (0x10000000, 0x00020000, 0x10000000 | 0x00020000):  # CLONE_NEWUSER, CLONE_NEWNS
    said.append('refused' if libc.unshare(flags) != 0 else 'unshared')
said.append('refused' if libc.setns(os.open('/proc/self/ns/user', os.O_RDONLY), 0) != 0 else 'joined')
said.append('refused' if libc.mount(b'none', b'/tmp', b'tmpfs', 0, b'size=4g') != 0 else 'mounted')
said += [line.split()[1] for line in open('/proc/self/status') if line.startswith('CapEff')]
raise RuntimeError('NAMESPACE:' + ','.join(said))
""",
            {"cell-errors"},
            "full",
            "NAMESPACE:refused,refused,refused,refused,refused,0000000000000000",
        ),
        "memory-memfd": (
            "solution",
            """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
held = []
for number in range(48):
    try:
        fd = os.memfd_create(f'held{number}')
        os.ftruncate(fd, 30 << 20)
        os.pwrite(fd, b'x' * (30 << 20), 0)
        held.append(fd)
    except OSError:
        break
shm = libc.shmget(0, 30 << 20, 0o1600)
said = ['refused' if not held else f'{len(held)} memfds', 'refused' if shm < 0 else 'shm']
raise RuntimeError('MEMFD:' + ','.join(said))
""",
            {"cell-errors"},
            "full",
            "MEMFD:refused,refused",
        ),
        # --- grader errors on demand (issue 20.9): a forged frame on the runner's socket ---
        "forge-deep-frame": (
            "solution",
            """
import os, struct
body = b'[' * 200_000
os.write(3, struct.pack('!Q', len(body)) + body)
""",
            {"crashed"},
            "blank",
            "nested too deeply",
        ),
        # --- the harness's own limits (issue 20.3): 200 bytes on the wire, 2 GB once a test walks it ---
        "memory-harness": (
            "solution",
            """# BEFORE CHECK q1_lines
import pandas as pd
lines = pd.MultiIndex(levels=[pd.RangeIndex(0, 250_000_000)], codes=[[0, 1]])
""",
            {"tampered"},
            "any",
            "could not be read for grading (too-large-once-built)",
        ),
        # --- one deadline per hand-in (issue 20.4): no frame extends it, dripped or of another id ---
        "deadline-drip": (
            "solution",
            """
import os, struct, time
body = b'{"v":1,"id":1,"status":"ok"}'
frame = struct.pack('!Q', len(body) + 100) + body  # promises more than it will ever send
sent = 0
while True:
    try:  # one byte every 2 s, through the time limit's interruption, from where it was
        if sent < len(frame):
            os.write(3, frame[sent : sent + 1])
            sent += 1
        time.sleep(2)
    except BaseException:
        pass
""",
            {"timeout"},
            "blank",
            "did not stop at the time limit",
        ),
        "deadline-wrong-id": (
            "solution",
            """
import json, os, struct, threading, time
def spam():
    body = json.dumps({'v': 1, 'id': 987654, 'status': 'ok'}).encode()
    while True:
        try:
            os.write(3, struct.pack('!Q', len(body)) + body)
            time.sleep(2)
        except BaseException:
            time.sleep(0.5)
threading.Thread(target=spam, daemon=True).start()
while True:
    try:
        while True:
            time.sleep(1)
    except BaseException:
        pass
""",
            {"timeout"},
            "blank",
            "did not stop at the time limit",
        ),
        # --- other students hurt ---
        "other-daemon": (
            "solution",
            f"""
import subprocess, threading, time
try:
    subprocess.Popen({child!r}, start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    said = 'started'
except OSError:
    said = 'refused'
def forever():
    while True:
        time.sleep(0.2)
threading.Thread(target=forever, daemon=False).start()
raise RuntimeError('DAEMON:' + said)
""",
            {"cell-errors"},
            "full",
            "DAEMON:refused",
        ),
        "other-kill": (
            "solution",
            """
import os, signal
killed = []
for pid in range(1, 40000):
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        except (ProcessLookupError, PermissionError):
            pass
for target in (-1, os.getppid()):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
""",
            {"ok", "cell-errors", "crashed"},
            "any",
            "",
        ),
        "other-seed": (
            "solution",
            f"""
import os
for folder in ('seeds', '/srv/course/seeds', {checkout!r} + '/seeds'):
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        try:
            os.truncate(os.path.join(folder, name), 0)
        except OSError:
            pass
""",
            {"ok", "cell-errors"},
            "full",
            "",
        ),
    }


def make_zip(path: Path, member: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr(member, data)


def encrypted(path: Path, member: str, data: bytes) -> None:
    """A zip whose member is flagged as encrypted (zipfile asks for a password)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(member, data)
    raw = bytearray(buffer.getvalue())
    raw[6] |= 1  # the local header's flags
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 8] |= 1  # the central directory's flags
    path.write_bytes(bytes(raw))


def lying(path: Path, member: str, data: bytes) -> None:
    """A zip whose header says its member is 100 bytes, while the data is far longer."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    raw = bytearray(buffer.getvalue())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (100).to_bytes(4, "little")  # uncompressed size
    raw[22:26] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(raw))


def build(folder: Path, solution: dict, blank: dict, places: dict[str, str]) -> list[Case]:
    """Write the hostile class; return what each file must get."""
    folder.mkdir()
    cases: list[Case] = []
    bases = {"solution": solution, "blank": blank}

    def put(name: str, content: dict | bytes, case: Case) -> None:
        data = json.dumps(content).encode() if isinstance(content, dict) else content
        (folder / name).write_bytes(data)
        cases.append(case)

    a = ASSIGNMENT
    put(f"honest-1_{a}.ipynb", solution, Case(f"honest-1_{a}.ipynb", "honest-1", "honest", {"ok"}, "full"))
    put(f"zz-honest_{a}.ipynb", solution, Case(f"zz-honest_{a}.ipynb", "zz-honest", "honest", {"ok"}, "full"))
    put(f"blank_{a}.ipynb", blank, Case(f"blank_{a}.ipynb", "blank", "reference", {"ok"}, "blank"))
    for name, (base, code, status, score, says) in probes(places).items():
        file = f"{name}_{a}.ipynb"
        put(file, appended(bases[base], code), Case(file, name, name.split("-")[0], status, score, says))
    # the batch stops: odd JSON types and odd zips
    meta = json.loads(json.dumps(solution))
    meta["metadata"] = [1, 2]
    put(f"meta-list_{a}.ipynb", meta, Case(f"meta-list_{a}.ipynb", "meta-list", "batch", UNREADABLE, "none"))
    cell = json.loads(json.dumps(solution))
    cell["cells"][3] = 7
    put(f"cell-number_{a}.ipynb", cell, Case(f"cell-number_{a}.ipynb", "cell-number", "batch", UNREADABLE, "none"))
    source = json.loads(json.dumps(solution))
    code = next(c for c in source["cells"] if c["cell_type"] == "code")
    code["source"] = {"not": "text"}
    put(f"source-dict_{a}.ipynb", source, Case(f"source-dict_{a}.ipynb", "source-dict", "batch", UNREADABLE, "none"))
    text = json.dumps(solution).encode()
    put(
        f"corrupt_{a}.zip", b"PK\x03\x04" + bytes(60), Case(f"corrupt_{a}.zip", "corrupt", "batch", {"invalid"}, "none")
    )
    encrypted(folder / f"encrypted_{a}.zip", f"{a}.ipynb", text)
    cases.append(Case(f"encrypted_{a}.zip", "encrypted", "batch", {"invalid"}, "none"))
    make_zip(folder / f"lzma_{a}.zip", f"{a}.ipynb", text, zipfile.ZIP_LZMA)
    cases.append(Case(f"lzma_{a}.zip", "lzma", "batch", {"ok"}, "full"))
    lying(folder / f"lies_{a}.zip", f"{a}.ipynb", text)
    cases.append(Case(f"lies_{a}.zip", "lies", "batch", {"invalid"}, "none"))
    # identity and output
    for name, student in (("o'brien", "o'brien"), ("obrien", "obrien")):
        put(f"{name}_{a}.ipynb", solution, Case(f"{name}_{a}.ipynb", student, "identity", {"ok"}, "full"))
    for user, sub in (("1234", "5678"), ("4321", "8765")):
        file = f"smithjo_{user}_{sub}_{a}.ipynb"
        put(file, solution, Case(file, f"smithjo-{user}", "identity", {"ok"}, "full"))
    formula = json.loads(json.dumps(solution))
    answer = next(c for c in formula["cells"] if c["cell_type"] == "markdown" and "otter_answer_cell" in str(c))
    answer["source"] = '=HYPERLINK("http://example.invalid","click")'
    put(f"=cmd_{a}.ipynb", formula, Case(f"=cmd_{a}.ipynb", "'=cmd", "identity", {"ok"}, "full"))
    put(f"+plus_{a}.ipynb", blank, Case(f"+plus_{a}.ipynb", "'+plus", "identity", {"ok"}, "blank"))
    cases += odd_files(folder, solution, blank)
    return cases


def odd_files(folder: Path, solution: dict, blank: dict) -> list[Case]:
    """Issue 20.5-20.8: odd names, impersonation through Gradescope's metadata, and honest large hand-ins."""
    a, text, cases = ASSIGNMENT, json.dumps(solution).encode(), []
    with open(os.path.join(os.fsencode(folder), f"caf\xe9_{a}.ipynb".encode("latin-1")), "wb") as handle:
        handle.write(text)  # a file name that is not UTF-8
    cases.append(Case(f"caf\ufffd_{a}.ipynb", "caf\ufffd", "batch", {"invalid"}, "none", "not UTF-8"))
    stored = json.loads(text)  # a full solution with 45 MB of stored outputs: graded like otter run
    code = next(c for c in stored["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "y" * (45 * 1024**2)}]
    (folder / f"outputs_{a}.ipynb").write_text(json.dumps(stored), encoding="utf-8")
    cases.append(Case(f"outputs_{a}.ipynb", "outputs", "honest", {"ok"}, "full"))
    extras = {  # hand-in zips with a file beside the notebook: graded, and the row says what was left out
        "extra": ("big.bin", os.urandom(40 * 1024**2), "big.bin: it is 40 MB"),
        "kit": ("coursekit", b"print('mine')", "coursekit: coursekit is the course's own"),
        "longname": ("n" * 300 + ".txt", b"x", "longer than the 255 bytes"),
    }
    for student, (name, data, says) in extras.items():
        with zipfile.ZipFile(folder / f"{student}_{a}.zip", "w", zipfile.ZIP_STORED) as archive:
            archive.writestr(f"{a}.ipynb", text)
            archive.writestr(name, data)
        cases.append(Case(f"{student}_{a}.zip", student, "batch", {"ok"}, "full", says))
    with zipfile.ZipFile(folder / f"clash_{a}.zip", "w") as archive:  # the runner cannot set it up: never a silent 0
        archive.writestr(f"{a}.ipynb", text)
        archive.writestr("notes.txt", b"a file")
        archive.writestr("notes.txt/inside.txt", b"and a folder")
    cases.append(Case(f"clash_{a}.zip", "clash", "batch", {"crashed"}, "blank", "could not set up or run the hand-in"))
    export = folder / "gradescope"  # Hank plants metadata that says his blank notebook is Gina's
    (export / "submission_1").mkdir(parents=True)
    (export / "submission_2" / "upload" / "x").mkdir(parents=True)
    gina, hank = {":name": "Gina", ":sid": "g-1"}, {":name": "Hank", ":sid": "g-2"}
    metadata = {"submission_1": {":submitters": [gina]}, "submission_2": {":submitters": [hank]}}
    (export / "submission_metadata.yml").write_text(json.dumps(metadata), encoding="utf-8")
    (export / "submission_1" / f"{a}.ipynb").write_bytes(text)
    planted = export / "submission_2" / "upload"
    (planted / "submission_metadata.yml").write_text(json.dumps({"x": {":submitters": [gina]}}), encoding="utf-8")
    (planted / "x" / f"{a}.ipynb").write_text(json.dumps(blank), encoding="utf-8")
    cases.append(Case(f"{a}.ipynb", "g-1", "identity", {"ok"}, "full", by_student=True))
    cases.append(Case(f"{a}.ipynb", "g-2", "identity", {"ok"}, "blank", by_student=True))
    return cases


def bulk_downloads(folder: Path, solution: dict) -> list[Case]:
    """Canvas-style submissions.zip files (graded in the same batch): members that cannot be unpacked and a
    zip bomb each become one row with a reason, beside the hand-ins that can."""
    a, text = ASSIGNMENT, json.dumps(solution).encode()
    folder.mkdir()
    both = f"both_104_204_{a}.ipynb"
    with zipfile.ZipFile(folder / "canvas-submissions.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"ada_101_201_{a}.ipynb", text)
        archive.writestr(f"longname_103_203_{'x' * 280}_{a}.ipynb", text)
        archive.writestr(both, text)
        archive.writestr(f"{both}/other_105_205_{a}.ipynb", text)
    big = b" " * (150 * 1024**2)
    with zipfile.ZipFile(folder / "bomb-submissions.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"ok_106_206_{a}.ipynb", text)
        archive.writestr(f"b_107_207_{a}.ipynb", big)
        archive.writestr(f"c_108_208_{a}.ipynb", big)
    return [
        Case("", "ada-101", "batch", {"ok"}, "full", by_student=True),
        Case("", "longname-103", "batch", {"invalid"}, "none", "longer than the 255 bytes", by_student=True),
        Case("", "both-104", "batch", {"ok"}, "full", by_student=True),
        Case("", "other-105", "batch", {"invalid"}, "none", "both as a file and as a folder", by_student=True),
        Case("", "ok-106", "batch", {"ok"}, "full", by_student=True),
        Case("", "b-107", "batch", {"invalid"}, "none", "more than a notebook can be", by_student=True),
        Case("", "c-108", "batch", {"invalid"}, "none", "more than 200 MB in all", by_student=True),
    ]


def digest(paths: list[Path], base: Path) -> dict[str, str]:
    return {str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def tracked(root: Path) -> list[Path]:
    """The checkout's tracked files, less the source files other engineers may be editing right now."""
    names = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    return [root / n for n in names.splitlines() if not n.endswith(BUSY) or n.startswith(("data/", "seeds/"))]


def folder_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def processes_with(token: str) -> list[str]:
    """Processes whose name or command line holds the token."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "comm").read_text() + (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if token in text:
            found.append(f"{entry.name}: {text[:120]!r}")
    return found


def hidden_strings(zip_path: Path) -> set[str]:
    """String constants of hidden test cases that appear in no public test (the hidden tests' data)."""
    hidden, public = set(), ""
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if not (name.startswith("tests/") and name.endswith(".py")):
                continue
            source = archive.read(name).decode()
            for node in ast.parse(source).body:
                if not isinstance(node, ast.FunctionDef):
                    continue
                text = ast.get_source_segment(source, node) or ""
                if "hidden=True" in ast.unparse(node.decorator_list[0]):
                    hidden |= {
                        n.value
                        for n in ast.walk(node)
                        if isinstance(n, ast.Constant) and isinstance(n.value, str) and 5 <= len(n.value) <= 40
                    }
                else:
                    public += text
    return {s for s in hidden if s not in public}


@pytest.fixture(scope="module")
def graded(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the hostile class, grade it in one batch with a fake HOME, and record what changed."""
    base = tmp_path_factory.mktemp("hostile")
    home, outside, out = base / "home", base / "outside", base / "out"
    (home / ".cache" / "rwanda-course").mkdir(parents=True)
    (home / ".cache" / "rwanda-course" / "vega.js").write_text("// the real chart script\n", encoding="utf-8")
    (outside / "keep").mkdir(parents=True)
    for number in range(3):
        (outside / "keep" / f"file{number}.txt").write_text(f"keep {number}\n", encoding="utf-8")
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", 0))
    udp.setblocking(False)
    try:
        host_ip = socket.gethostbyname(socket.gethostname())
    except OSError:
        host_ip = "127.0.0.1"
    places = {
        "checkout": str(ROOT),
        "outside": str(outside),
        "home": str(home),
        "autograders": str(built_dist / "autograder"),
        "udp_port": str(udp.getsockname()[1]),
        "host_ip": host_ip,
    }
    solution = read(built_dist / "solutions" / f"{ASSIGNMENT}.ipynb")
    blank = read(ROOT / "notebooks" / f"{ASSIGNMENT}.ipynb")
    cases = build(base / "class", solution, blank, places)
    cases += bulk_downloads(base / "bulk", solution)
    real_cache = Path.home() / ".cache" / "rwanda-course"
    before = {
        "checkout": digest(tracked(ROOT), ROOT),
        "dist": digest(folder_files(built_dist / "autograder"), built_dist),
        "home": digest(folder_files(home), home),
        "outside": digest(folder_files(outside), outside),
        "class": digest(folder_files(base / "class"), base / "class"),
    }
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    bulk = [str(base / "bulk" / name) for name in ("canvas-submissions.zip", "bomb-submissions.zip")]
    argv = [sys.executable, "-m", "course", "grade", str(base / "class"), *bulk, "-o", str(out)]
    argv += ["--timeout", str(TIMEOUT)]
    result = subprocess.run([*argv, "--jobs", "2"], capture_output=True, text=True, timeout=900, cwd=ROOT, env=env)
    alive = processes_with(TOKEN)
    after = {
        "checkout": digest(tracked(ROOT), ROOT),
        "dist": digest(folder_files(built_dist / "autograder"), built_dist),
        "home": digest(folder_files(home), home),
        "outside": digest(folder_files(outside), outside),
        "class": digest(folder_files(base / "class"), base / "class"),
    }
    received = []
    while True:
        try:
            received.append(udp.recv(100))
        except BlockingIOError:
            break
    udp.close()
    untracked = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    rows = []
    if (out / "gradebook.csv").exists():
        with (out / "gradebook.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    return {
        "result": result,
        "cases": cases,
        "rows": rows,
        "out": out,
        "before": before,
        "after": after,
        "alive": alive,
        "received": received,
        "untracked": [line for line in untracked.splitlines() if TOKEN in line or "planted" in line],
        "real_cache": [p for p in real_cache.glob(f"*{TOKEN}*")] if real_cache.exists() else [],
        "possible": autograder.load(ASSIGNMENT, base / "ag").auto_possible,
        "hidden": hidden_strings(built_dist / "autograder" / f"{ASSIGNMENT}.zip"),
    }


def row_of(graded: dict, case: Case) -> dict:
    if case.by_student:
        matches = [r for r in graded["rows"] if r["student"] == case.student]
        assert len(matches) == 1, f"{case.student}: {len(matches)} gradebook rows"
        return matches[0]
    matches = [r for r in graded["rows"] if Path(r["file"]).name == case.file]
    assert len(matches) == 1, f"{case.file}: {len(matches)} gradebook rows"
    return matches[0]


def test_the_batch_finishes_with_a_row_per_file(graded: dict) -> None:
    result = graded["result"]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert len(graded["rows"]) == len(graded["cases"])
    assert not [r for r in graded["rows"] if r["status"] == "grader-error"], "a hostile file broke the grader"


def test_each_case_gets_its_outcome(graded: dict) -> None:
    blank = next(r for r in graded["rows"] if r["student"] == "blank")
    problems = []
    for case in graded["cases"]:
        row = row_of(graded, case)
        if row["student"] != case.student:
            problems.append(f"{case.file}: student {row['student']!r}, expected {case.student!r}")
        if row["status"] not in case.status:
            problems.append(f"{case.file}: status {row['status']} ({row['reason'][:300]}), expected {case.status}")
        total = None if row["total"] == "" else float(row["total"])
        ok = {
            "full": total == graded["possible"],
            "blank": total is not None and total <= float(blank["total"]),
            "none": total is None,
            "any": True,
        }[case.score]
        if not ok:
            problems.append(f"{case.file}: total {total} is not {case.score} ({row['reason'][:300]})")
        if case.says and case.says not in row["reason"]:
            problems.append(f"{case.file}: the reason does not say {case.says!r}: {row['reason'][:400]}")
    assert not problems, "\n".join(problems)


def test_honest_hand_ins_keep_full_marks(graded: dict) -> None:
    honest = [r for r in graded["rows"] if r["student"] in ("honest-1", "zz-honest", "obrien", "smithjo-1234")]
    assert len(honest) == 4
    for row in honest:
        assert (row["status"], float(row["total"])) == ("ok", graded["possible"]), row


def test_nothing_outside_the_output_changed(graded: dict) -> None:
    before, after = graded["before"], graded["after"]
    for place in before:
        changed = sorted(k for k in {*before[place], *after[place]} if before[place].get(k) != after[place].get(k))
        assert not changed, f"{place}: {changed[:10]}"
    assert not graded["untracked"], graded["untracked"]
    assert not graded["real_cache"], graded["real_cache"]
    assert not graded["received"], "a UDP packet left a jail"


def test_no_process_of_a_submission_is_alive(graded: dict) -> None:
    assert not graded["alive"], graded["alive"]


def test_feedback_carries_no_hidden_test_data(graded: dict) -> None:
    hidden = graded["hidden"]
    assert hidden, "no hidden test data found to look for"
    for path in (graded["out"] / "feedback").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        leaked = sorted(s for s in hidden if s in text)
        assert not leaked, f"{path.name}: {leaked[:5]}"
    leak = next(r for r in graded["rows"] if r["student"] == "leak-exception")
    assert not [s for s in hidden if s in leak["reason"]]


def test_students_apart_and_no_formula_in_any_csv(graded: dict) -> None:
    students = [r["student"] for r in graded["rows"]]
    assert len(students) == len(set(students))
    feedback = list((graded["out"] / "feedback").rglob("*.md"))
    assert len(feedback) == len(graded["rows"])
    for path in graded["out"].glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for line in csv.reader(handle):
                for cell in line:
                    if cell[:1] in ("=", "+", "-", "@"):
                        try:
                            float(cell)
                        except ValueError:
                            pytest.fail(f"{path.name}: a cell a spreadsheet would run: {cell[:60]!r}")
