"""nbgitpuller links: one per notebook, for a JupyterHub that has nbgitpuller installed.

A student who clicks such a link logs in to the hub; nbgitpuller clones the
course repository into their home folder (or merges new commits into their
copy without overwriting their work) and opens the notebook in JupyterLab.

The format is nbgitpuller's own (its link generator, docs/_static/link_gen/link.js):
``<hub>/hub/user-redirect/git-pull?repo=<repo>&branch=<branch>&urlpath=<urlpath>``,
form-encoded, where ``urlpath`` is ``lab/tree/<folder>/notebooks/<notebook>`` and
``<folder>`` is the folder nbgitpuller clones into: the repository's name.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

from course import text

NOTEBOOKS = text.ROOT / "notebooks"


def clone_folder(repo: str) -> str:
    """The folder nbgitpuller clones repo into: the last part of its URL, without .git."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if not name:
        raise ValueError(
            f"cannot tell the repository's name from {repo!r}: give its URL, e.g. https://github.com/OWNER/REPO"
        )
    return name


def pull_link(hub: str, repo: str, notebook: str, branch: str = "main") -> str:
    """The nbgitpuller link that opens notebooks/<notebook> from repo in JupyterLab on hub.

    The repository's address goes without a trailing ``.git`` (GitHub and GitLab serve both): on the
    hub, nbgitpuller clones into the last part of the address as given (``repo.split('/')[-1]`` in its
    handler), so ``course.git`` would be cloned into ``course.git/`` while the link opens ``course/``.
    """
    repo = repo.strip().rstrip("/").removesuffix(".git")
    parts = urlsplit(hub)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"the hub URL must start with https:// (or http://), not {hub!r}")
    if urlsplit(repo).scheme not in {"http", "https"}:
        raise ValueError(f"the repository URL must start with https:// (nbgitpuller clones over HTTPS), not {repo!r}")
    query = urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{clone_folder(repo)}/notebooks/{notebook}"}
    )
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"  # a hub may live under a path prefix
    return f"{base}/hub/user-redirect/git-pull?{query}"


def course_links(hub: str, repo: str, branch: str = "main", notebooks: Path = NOTEBOOKS) -> list[tuple[str, str]]:
    """(notebook name, link) for every student edition in notebooks/, in course order."""
    found = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise FileNotFoundError(f"no student editions (NN_name.ipynb) in {notebooks}: run 'python -m course build'")
    return [(path.name, pull_link(hub, repo, path.name, branch)) for path in found]


def github_path(repo: str) -> str | None:
    """OWNER/REPO of a GitHub repository's URL (for Binder's gh/ links); None for another host."""
    parts = urlsplit(repo)
    if parts.netloc.lower() not in {"github.com", "www.github.com"}:
        return None
    path = parts.path.strip("/").removesuffix(".git")
    return path if path.count("/") == 1 else None


def same_repository(first: str, second: str) -> bool:
    """Whether two repository addresses name the same repository (https or ssh, with or without .git)."""

    def key(address: str) -> str:
        address = address.strip().removesuffix("/").removesuffix(".git").lower()
        if address.startswith("git@"):  # git@github.com:OWNER/REPO
            host, _, path = address[4:].partition(":")
            return f"{host}/{path}"
        parts = urlsplit(address)
        return f"{parts.netloc}{parts.path}"

    return key(first) == key(second)


def instructor_remote(root: Path = text.ROOT) -> str | None:
    """This repository's origin address (the instructor's), if it has one."""
    import subprocess

    result = subprocess.run(
        ["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or None
