"""nbgitpuller links: the course's own link builder against nbgitpuller's URL format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from course import links
from tests.conftest import ROOT, student_paths

HUB = "https://hub.example.edu"
REPO = "https://github.com/teacher/rwanda-course.git"


def test_link_follows_nbgitpuller_format() -> None:
    link = links.pull_link(HUB, REPO, "01_reading-the-raw-text.ipynb", branch="spring 2026")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert parse_qs(parts.query) == {
        "repo": [REPO.removesuffix(".git")],
        "branch": ["spring 2026"],
        "urlpath": ["lab/tree/rwanda-course/notebooks/01_reading-the-raw-text.ipynb"],
    }
    # Form-encoded as nbgitpuller's link generator does (URLSearchParams): no raw '/', ':' or space in the query.
    assert parts.query == (
        "repo=https%3A%2F%2Fgithub.com%2Fteacher%2Frwanda-course&branch=spring+2026"
        "&urlpath=lab%2Ftree%2Frwanda-course%2Fnotebooks%2F01_reading-the-raw-text.ipynb"
    )


@pytest.mark.parametrize("repo", [REPO, REPO.removesuffix(".git"), REPO.removesuffix(".git") + "/"])
def test_the_hub_clones_into_the_folder_the_link_opens(repo: str) -> None:
    """nbgitpuller clones into the last part of the repo address as given (repo.split('/')[-1] in its
    handler): the link's repo must end in the folder its urlpath opens, so '.git' is stripped."""
    query = parse_qs(urlsplit(links.pull_link(HUB, repo, "01_x.ipynb")).query)
    clone_folder_on_hub = query["repo"][0].split("/")[-1]
    assert query["urlpath"] == [f"lab/tree/{clone_folder_on_hub}/notebooks/01_x.ipynb"]
    assert clone_folder_on_hub == "rwanda-course"


@pytest.mark.parametrize(
    ("hub", "expected"),
    [
        ("https://hub.example.edu/", "https://hub.example.edu/hub/user-redirect/git-pull?"),
        ("https://uni.example/jupyter", "https://uni.example/jupyter/hub/user-redirect/git-pull?"),
    ],
)
def test_hub_address_with_or_without_slash_or_prefix(hub: str, expected: str) -> None:
    assert links.pull_link(hub, REPO, "01_x.ipynb").startswith(expected)


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("https://github.com/teacher/rwanda-course", "rwanda-course"),
        ("https://github.com/teacher/rwanda-course/", "rwanda-course"),
        ("https://gitlab.example/group/sub/course.git", "course"),
    ],
)
def test_urlpath_uses_the_folder_nbgitpuller_clones_into(repo: str, folder: str) -> None:
    assert links.clone_folder(repo) == folder


@pytest.mark.parametrize(("hub", "repo"), [("hub.example.edu", REPO), (HUB, "git@github.com:teacher/course.git")])
def test_bad_addresses_say_what_to_give(hub: str, repo: str) -> None:
    with pytest.raises(ValueError, match="must start with https://"):
        links.pull_link(hub, repo, "01_x.ipynb")


def test_cli_prints_one_link_per_notebook() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "course", "links", "--hub", HUB, "--repo", REPO, "--branch", "main"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [p.name for p in student_paths()]
    for line, path in zip(lines, student_paths(), strict=True):
        query = parse_qs(urlsplit(line.split("\t")[1]).query)
        assert query["urlpath"] == [f"lab/tree/rwanda-course/notebooks/{path.name}"]
        assert query["branch"] == ["main"]


def test_cli_rejects_a_bad_hub_with_exit_code_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "course", "links", "--hub", "hub.example.edu", "--repo", REPO],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "must start with https://" in result.stderr


def test_links_refuse_the_instructors_own_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from course import cli

    assert links.same_repository("git@github.com:acme/course.git", "https://github.com/acme/course")
    assert not links.same_repository("https://github.com/acme/course", "https://github.com/acme/course-students")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:acme/course.git"], check=True
    )
    assert links.instructor_remote(tmp_path) == "git@github.com:acme/course.git"

    monkeypatch.setattr(links, "instructor_remote", lambda root=ROOT: "git@github.com:acme/course.git")
    hub = ["links", "--hub", "https://hub.example.edu", "--repo"]
    assert cli.main([*hub, "https://github.com/acme/course"]) == 2
    assert "instructor's" in capsys.readouterr().err
    assert cli.main([*hub, "https://github.com/acme/course-students"]) == 0
    assert "course-students" in capsys.readouterr().out
