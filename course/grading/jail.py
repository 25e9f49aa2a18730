"""The jail one submission runs in: bubblewrap, with limits the code cannot raise.

Inside (see ``command``): no network and its own PID, IPC, UTS and user namespaces (``--unshare-all``),
and no further user namespace (``--disable-userns``; the seccomp filter also refuses unshare, setns
and mount); every process of the submission dies with the jail (``--die-with-parent``, PID namespace)
and none can be started (the filter refuses fork, vfork and any clone that is not a thread; a student
who is root would not be held by RLIMIT_NPROC); no memory outside RLIMIT_AS (the filter refuses
memfd_create and System V shared memory; /dev/shm and /tmp are size-capped tmpfs); the Python
environment read-only; the course's files read-only at /srv/course, copied fresh by the runner into
/submission, a size-capped tmpfs that holds only this hand-in; /tmp another small tmpfs; /dev
read-only but for a small /dev/shm; no view of the course checkout, dist/, the output folder, the
home folder or any other hand-in. Memory, CPU time, file size, open files and core dumps are limited
with setrlimit in the harness's child before bwrap is executed: soft and hard limits alike, so the
code cannot raise them.

Without bubblewrap (``--unisolated``), the runner is started with the same limits and nothing else.
"""

from __future__ import annotations

import contextlib
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
RUNNER_FILES = ("jailed.py", "protocol.py", "codec.py", "otter_standin.py")
# bytes of /dev/shm (Python's multiprocessing locks need it; bwrap's own /dev is read-only, not an uncapped tmpfs)
SHM_SIZE = 16 * 1024**2
# Folders of the host bound (or linked) at the same path in every jail.
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
START = "import sys; sys.path.insert(0, {path!r}); from course_jail import jailed; jailed.main()"


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
    """The real folders (symlinks followed) the interpreter, its venv, base Python and packages live in.

    Bound read-only at the same paths inside the jail. Each is resolved first: a venv reached through a
    symlink, or one whose base Python or site-packages is a link elsewhere, is bound where it really is.
    """
    import site

    places = [sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))]
    places += [p for p in site.getsitepackages() if os.path.isdir(p)]
    home = venv_home()
    if home:
        places.append(home)
    places += shared_library_folders()
    roots: list[str] = []
    for real in sorted({os.path.realpath(p) for p in places}, key=len):
        if not under(real, "/usr") and not any(under(real, r) for r in roots):
            roots.append(real)
    return sorted(roots)


def shared_library_folders() -> list[str]:
    """Folders of the libpython this Python has loaded from outside /usr (found by an absolute RUNPATH, as
    pyenv's and a copied or relocated Python's are): the jail's Python loads it too. Only libpython: any other
    library the interpreter needs at start lies in /usr or under its prefix."""
    found = set()
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace").splitlines():
            path = line.split(maxsplit=5)[5] if len(line.split(maxsplit=5)) == 6 else ""
            name = os.path.basename(path)
            if path.startswith("/") and name.startswith("libpython") and os.path.isfile(path):
                found.add(os.path.dirname(os.path.realpath(path)))
    return sorted(folder for folder in found if not under(folder, "/usr"))


def under(path: str, folder: str) -> bool:
    """Whether path is folder or inside it (both absolute, without symlinks)."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def venv_home() -> str:
    """The ``home`` line of the venv's pyvenv.cfg (where Python looks for its base), or ""."""
    config = Path(sys.prefix) / "pyvenv.cfg"
    if sys.prefix == sys.base_prefix or not config.is_file():
        return ""
    for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "home":
            return value.strip()
    return ""


def interpreter() -> str:
    """The path the jail runs Python by: the venv's own, with the folders leading to it resolved.

    Python finds its venv from this path (pyvenv.cfg beside or above it), so its last part stays as it is
    (a link to the base Python); the folders before it are resolved, because a link such as
    /tmp/venv -> /srv/venvs/x does not exist inside the jail.
    """
    return os.path.join(os.path.realpath(os.path.dirname(sys.executable)), os.path.basename(sys.executable))


def links_on_the_way(path: str, limit: int = 40) -> list[tuple[str, str]]:
    """(link, target) of each symlink the kernel meets while it resolves path, in order."""
    found: list[tuple[str, str]] = []
    parts = [p for p in path.split("/") if p not in ("", ".")]
    current = "/"
    while parts:
        part = parts.pop(0)
        if part == "..":
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, part)
        if not os.path.islink(candidate):
            current = candidate
            continue
        if len(found) >= limit:
            break
        target = os.readlink(candidate)
        found.append((candidate, target))
        if target.startswith("/"):
            current = "/"
        parts = [p for p in target.split("/") if p not in ("", ".")] + parts
    return found


def links_to_make(roots: list[str], bound: tuple[str, ...]) -> list[tuple[str, str]]:
    """Symlinks the jail must recreate so that the interpreter and its venv's home resolve as on the host:
    those met on the way that do not already lie inside a folder bound into the jail."""
    wanted: dict[str, str] = {}
    for path in (interpreter(), venv_home()):
        for link, target in links_on_the_way(path) if path else []:
            inside = any(under(os.path.dirname(link), place) for place in (*roots, *bound))
            if not inside and link not in roots:
                wanted.setdefault(link, target)
    return list(wanted.items())


def command(runner_dir: Path, course_files: Path, limits: Limits, seccomp_fd: int | None) -> list[str]:
    """The bwrap command line for one submission (the runner's socket is fd 3)."""
    bwrap = shutil.which("bwrap") or "bwrap"
    argv = [bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--uid", "65534", "--gid", "65534"]
    argv += ["--hostname", "grading"]
    argv += ["--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv"]
    argv += ["--ro-bind", "/usr", "/usr"]
    for top in SYSTEM_FOLDERS[1:]:
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
    roots = python_roots()
    for root in roots:
        argv += ["--ro-bind", root, root]
    for link, target in links_to_make(roots, SYSTEM_FOLDERS):
        argv += ["--symlink", target, link]
    argv += ["--ro-bind", os.path.realpath(runner_dir), RUNNER_DIR]
    argv += ["--ro-bind", os.path.realpath(course_files), COURSE_FILES]
    argv += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SCRATCH]
    for key, value in environment(SCRATCH, COURSE_FILES, "/tmp/output.txt", "/tmp").items():
        argv += ["--setenv", key, value]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    return [*argv, "--", interpreter(), "-I", "-B", "-c", START.format(path=RUNNER_DIR)]


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


# seccomp: refuse new processes (threads are allowed), new namespaces, mounts, and memory that RLIMIT_AS does
# not count. struct sock_filter {u16 code; u8 jt, jf; u32 k}.
LOAD, JEQ, JGE, AND, RET = 0x20, 0x15, 0x35, 0x54, 0x06
ALLOW, ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
CLONE_THREAD = 0x00010000
# Refused with EPERM, by name (numbers per machine below): a namespace or a mount gives a process that escaped
# RLIMIT_NPROC's reach root inside and the kernel's namespace attack surface (bwrap's --disable-userns closes
# user namespaces too); memfds and System V shared memory hold RAM outside the address-space limit; the rest
# reach into other processes or the kernel in ways grading never needs.
REFUSED = (
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr", "memfd_create", "memfd_secret", "shmget", "shmat",
    "shmctl", "userfaultfd", "bpf", "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev",
    "keyctl", "add_key", "request_key", "io_uring_setup",
)  # fmt: skip
SYSCALLS = {
    "x86_64": {
        "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "mount_setattr": 442, "memfd_create": 319, "memfd_secret": 447, "shmget": 29, "shmat": 30, "shmctl": 31,
        "userfaultfd": 323, "bpf": 321, "perf_event_open": 298, "ptrace": 101, "process_vm_readv": 310,
        "process_vm_writev": 311, "keyctl": 250, "add_key": 248, "request_key": 249, "io_uring_setup": 425,
    },
    "aarch64": {
        "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "mount_setattr": 442, "memfd_create": 279, "memfd_secret": 447, "shmget": 194, "shmat": 196,
        "shmctl": 195, "userfaultfd": 282, "bpf": 280, "perf_event_open": 241, "ptrace": 117,
        "process_vm_readv": 270, "process_vm_writev": 271, "keyctl": 219, "add_key": 217, "request_key": 218,
        "io_uring_setup": 425,
    },
}  # fmt: skip
ARCHES = {  # machine -> (AUDIT_ARCH, clone, clone3, fork-like syscalls)
    "x86_64": (0xC000003E, 56, 435, (57, 58)),
    "aarch64": (0xC00000B7, 220, 435, ()),
}


def seccomp_filter() -> bytes | None:
    """A BPF program for bwrap's --seccomp: fork, vfork, non-thread clones and the REFUSED calls fail with
    EPERM; clone3 with ENOSYS (libc then falls back to clone, which the filter can inspect). None on an
    unknown machine."""
    arch = ARCHES.get(platform.machine())
    if arch is None:
        return None
    audit, clone, clone3, forks = arch
    numbers = SYSCALLS[platform.machine()]
    program: list[tuple[int, int, int, int]] = [(LOAD, 0, 0, 4), (JEQ, 1, 0, audit), (RET, 0, 0, ERRNO | EPERM)]
    program += [(LOAD, 0, 0, 0), (JGE, 0, 1, 0x40000000), (RET, 0, 0, ERRNO | ENOSYS)]  # no x32 calls
    program += [(JEQ, 0, 1, clone3), (RET, 0, 0, ERRNO | ENOSYS)]
    for number in (*forks, *(numbers[name] for name in REFUSED)):
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


USERNS_SETTINGS = (
    "/proc/sys/kernel/unprivileged_userns_clone",
    "/proc/sys/user/max_user_namespaces",
    "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
)


def userns_settings() -> str:
    """The kernel settings that allow or refuse user namespaces, as this machine has them."""
    found = []
    for path in USERNS_SETTINGS:
        with contextlib.suppress(OSError):
            value = Path(path).read_text(encoding="ascii", errors="replace").strip()
            found.append(f"{path[len('/proc/sys/') :].replace('/', '.')} = {value}")
    return ", ".join(found) or "none of kernel.unprivileged_userns_clone, user.max_user_namespaces is readable"


def probe(argv: list[str]) -> subprocess.CompletedProcess:
    """Run one jail to its end; a failure to start is a failed run with the error as its stderr."""
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        return subprocess.CompletedProcess(argv, 1, "", str(error))


def check_available(runner_dir: Path, course_files: Path, python: str | None = None) -> None:
    """Make an empty jail, then one with this Python in it; raise JailUnavailable saying which step failed.

    The first step runs /usr/bin/true in a bare jail: if that fails, bubblewrap cannot create namespaces
    here (a kernel setting or a container), and --unisolated is the way out. The second runs this Python
    in a jail as grading makes one: if only that fails, the jail cannot see this Python (its path, a
    symlink, a missing library), which --unisolated would not fix, and the message gives the path.
    """
    if platform.system() != "Linux" or shutil.which("bwrap") is None:
        raise JailUnavailable(
            "grading needs bubblewrap, which isolates each submission (Linux only): install it "
            "('sudo apt-get install bubblewrap' on Debian or Ubuntu), or pass --unisolated to grade with "
            "process limits only (every gradebook row then says 'unisolated')"
        )
    argv = command(runner_dir, course_files, Limits(), None)
    jail_options = argv[: argv.index("--")]
    bare = [*jail_options[: jail_options.index("--ro-bind")], "--ro-bind", "/usr", "/usr"]
    bare += [
        option for top in SYSTEM_FOLDERS[1:] if os.path.islink(top) for option in ("--symlink", os.readlink(top), top)
    ]
    first = probe([*bare, "--", "/usr/bin/true"])
    if first.returncode != 0 and "Unknown option" in first.stderr:
        raise JailUnavailable(
            f"this bubblewrap is too old ({first.stderr.strip()[:200]}): grading needs bubblewrap 0.8 or later "
            "(for --disable-userns); update the bubblewrap package"
        )
    if first.returncode != 0:
        raise JailUnavailable(
            f"bubblewrap cannot create namespaces here ({first.stderr.strip()[:300] or 'no message'}): user "
            f"namespaces are disabled or restricted. Check the kernel settings ({userns_settings()}; "
            "unprivileged_userns_clone and max_user_namespaces must not be 0, apparmor_restrict_unprivileged_userns "
            "must be 0 or bwrap allowed by an AppArmor profile), or the container's seccomp profile. Fix that, or "
            "pass --unisolated to grade with process limits only (every gradebook row then says 'unisolated')"
        )
    executable = python or interpreter()
    second = probe([*jail_options, "--", executable, "-I", "-c", "import encodings, site"])
    if second.returncode != 0:
        raise JailUnavailable(
            f"the jail cannot start this Python: {executable} ({second.stderr.strip()[:300] or 'no message'}). "
            f"Inside the jail only these folders are visible: {', '.join(python_roots()) or 'none'} and /usr. "
            "Grade with a Python whose installation is readable by this user and whose path bubblewrap can "
            "bind (report the path above if it is one of those), not with --unisolated: the jail itself works"
        )
