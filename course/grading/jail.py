"""The jail one submission runs in: bubblewrap, with limits the code cannot raise.

Inside (see ``command``): no network and its own PID, IPC, UTS and user namespaces (``--unshare-all``);
every process of the submission dies with the jail (``--die-with-parent``, PID namespace) and none
can be started (a seccomp filter refuses fork, vfork and any clone that is not a thread; a student
who is root would not be held by RLIMIT_NPROC); the Python environment read-only; the course's
files read-only at /srv/course, copied fresh by the runner into /submission, a size-capped tmpfs
that holds only this hand-in; /tmp another small tmpfs; /dev read-only but for a small /dev/shm; no
view of the course checkout, dist/, the output folder, the home folder or any other hand-in. Memory,
CPU time, file size, open files and core dumps are limited with setrlimit in the harness's child
before bwrap is executed: soft and hard limits alike, so the code cannot raise them.

Without bubblewrap (``--unisolated``), the runner is started with the same limits and nothing else.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SCRATCH = "/submission"
COURSE_FILES = "/srv/course"
RUNNER_DIR = "/srv/grader"
RUNNER_FILES = ("runner.py", "protocol.py", "codec.py", "otter_standin.py")
# bytes of /dev/shm (Python's multiprocessing locks need it; bwrap's own /dev is read-only, not an uncapped tmpfs)
SHM_SIZE = 16 * 1024**2
START = "import sys; sys.path.insert(0, {path!r}); from course_jail import runner; runner.main()"


class JailUnavailable(RuntimeError):
    """bubblewrap is missing or cannot make a jail here (macOS, Windows, a container without user namespaces)."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Each is a hard limit, set before the jail's program starts."""

    memory: int = 4 * 1024**3  # bytes of address space (RLIMIT_AS)
    cpu_seconds: int = 300  # RLIMIT_CPU: the time limit and the tests' calls, with room
    file_size: int = 32 * 1024**2  # the largest file, printed output included (RLIMIT_FSIZE)
    scratch_size: int = 128 * 1024**2  # bytes of the /submission tmpfs (and of /tmp)
    open_files: int = 256  # RLIMIT_NOFILE


def runner_package(folder: Path) -> Path:
    """A read-only copy of the runner and the only modules it imports, as package course_jail."""
    package = folder / "course_jail"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""The grading runner, as the jail sees it."""\n', encoding="utf-8")
    here = Path(__file__).resolve().parent
    for name in RUNNER_FILES:
        shutil.copyfile(here / name, package / name)
    for path in [package, *package.iterdir()]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    return folder


def python_roots() -> list[str]:
    """The folders the interpreter and its packages live in (read-only inside the jail)."""
    roots = []
    for prefix in (sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))):
        real = os.path.realpath(prefix)
        if not real.startswith("/usr/") and real != "/usr" and not any(real.startswith(r + "/") for r in roots):
            roots.append(real)
    return sorted(set(roots))


def command(runner_dir: Path, course_files: Path, limits: Limits, seccomp_fd: int | None) -> list[str]:
    """The bwrap command line for one submission (the runner's socket is fd 3)."""
    bwrap = shutil.which("bwrap") or "bwrap"
    argv = [bwrap, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--hostname", "grading"]
    argv += ["--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv"]
    argv += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
    for path in ("/etc/ld.so.cache", "/etc/localtime"):
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    argv += ["--proc", "/proc", "--dev", "/dev", "--size", str(SHM_SIZE), "--tmpfs", "/dev/shm"]
    argv += ["--size", str(limits.scratch_size), "--tmpfs", "/tmp"]
    argv += ["--size", str(limits.scratch_size), "--tmpfs", SCRATCH]
    # After /tmp's tmpfs, not before: a course checked out under /tmp (a CI clone) keeps its Python visible.
    for root in python_roots():
        argv += ["--ro-bind", root, root]
    argv += ["--ro-bind", str(runner_dir), RUNNER_DIR, "--ro-bind", str(course_files), COURSE_FILES]
    argv += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SCRATCH]
    for key, value in environment(SCRATCH, COURSE_FILES, "/tmp/output.txt", "/tmp").items():
        argv += ["--setenv", key, value]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    return [*argv, "--", sys.executable, "-I", "-B", "-c", START.format(path=RUNNER_DIR)]


def unisolated_command(runner_dir: Path) -> list[str]:
    """The runner without a jail: process limits only (``course grade --unisolated``)."""
    return [sys.executable, "-I", "-B", "-c", START.format(path=str(runner_dir))]


def environment(scratch: str, course_files: str, output: str, tmp: str) -> dict[str, str]:
    """The runner's whole environment: nothing of the instructor's."""
    return {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": f"{tmp}/home",
        "TMPDIR": tmp,
        "XDG_CACHE_HOME": f"{tmp}/cache",
        "MPLCONFIGDIR": f"{tmp}/matplotlib",
        "IPYTHONDIR": f"{tmp}/ipython",
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "COURSE_SCRATCH": scratch,
        "COURSE_FILES": course_files,
        "COURSE_OUTPUT": output,
    }


def set_limits(limits: Limits) -> None:
    """In the child, before exec: hard limits the submission cannot raise."""
    for kind, value in (
        (resource.RLIMIT_AS, limits.memory),
        (resource.RLIMIT_FSIZE, limits.file_size),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(kind, (value, value))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    os.setsid()


# seccomp: refuse new processes (threads are allowed). struct sock_filter {u16 code; u8 jt, jf; u32 k}.
LOAD, JEQ, JGE, AND, RET = 0x20, 0x15, 0x35, 0x54, 0x06
ALLOW, ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
CLONE_THREAD = 0x00010000
ARCHES = {  # machine -> (AUDIT_ARCH, clone, clone3, fork-like syscalls)
    "x86_64": (0xC000003E, 56, 435, (57, 58)),
    "aarch64": (0xC00000B7, 220, 435, ()),
}


def seccomp_filter() -> bytes | None:
    """A BPF program for bwrap's --seccomp: fork, vfork and non-thread clones fail with EPERM; clone3 with
    ENOSYS (libc then falls back to clone, which the filter can inspect). None on an unknown machine."""
    arch = ARCHES.get(platform.machine())
    if arch is None:
        return None
    audit, clone, clone3, forks = arch
    program: list[tuple[int, int, int, int]] = [(LOAD, 0, 0, 4), (JEQ, 1, 0, audit), (RET, 0, 0, ERRNO | EPERM)]
    program += [(LOAD, 0, 0, 0), (JGE, 0, 1, 0x40000000), (RET, 0, 0, ERRNO | ENOSYS)]  # no x32 calls
    program += [(JEQ, 0, 1, clone3), (RET, 0, 0, ERRNO | ENOSYS)]
    for number in forks:
        program += [(JEQ, 0, 1, number), (RET, 0, 0, ERRNO | EPERM)]
    program += [(JEQ, 0, 4, clone), (LOAD, 0, 0, 16), (AND, 0, 0, CLONE_THREAD)]
    program += [(JEQ, 1, 0, CLONE_THREAD), (RET, 0, 0, ERRNO | EPERM)]
    program += [(RET, 0, 0, ALLOW)]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in program)


def seccomp_fd() -> int | None:
    """A file descriptor holding the filter, for one bwrap (which reads it to the end)."""
    program = seccomp_filter()
    if program is None:
        return None
    fd = os.memfd_create("course-seccomp", 0)
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def check_available(runner_dir: Path, course_files: Path) -> None:
    """Make one empty jail; raise JailUnavailable with what to do when that fails."""
    if platform.system() != "Linux" or shutil.which("bwrap") is None:
        raise JailUnavailable(
            "grading needs bubblewrap, which isolates each submission (Linux only): install it "
            "('sudo apt-get install bubblewrap' on Debian or Ubuntu), or pass --unisolated to grade with "
            "process limits only (every gradebook row then says 'unisolated')"
        )
    argv = command(runner_dir, course_files, Limits(), None)
    argv = argv[: argv.index("--")] + ["--", sys.executable, "-I", "-c", "pass"]
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, preexec_fn=lambda: None)
    except (OSError, subprocess.TimeoutExpired) as error:
        result = subprocess.CompletedProcess(argv, 1, "", str(error))
    if result.returncode != 0:
        raise JailUnavailable(
            f"bubblewrap cannot make a jail here ({result.stderr.strip()[:300]}): user namespaces may be "
            "disabled (in a container, or kernel.unprivileged_userns_clone=0). Fix that, or pass --unisolated "
            "to grade with process limits only (every gradebook row then says 'unisolated')"
        )
