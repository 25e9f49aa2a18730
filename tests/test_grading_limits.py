"""The trusted harness's own limits per hand-in (issue 20.3, 20.4): its address space is capped while one
hand-in is graded and restored after; a hand-in's wall-clock deadline covers its run and all its tests."""

from __future__ import annotations

import resource

import pytest

from course.grading import harness, jail_client


def test_the_harness_memory_cap_holds_and_is_lifted_after() -> None:
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), harness.harness_memory(256 * 1024**2):
        bytearray(1024**3)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(512 * 1024**2)) == 512 * 1024**2


def test_the_deadline_covers_the_cells_and_all_the_tests() -> None:
    assert jail_client.hand_in_seconds(8) == 8 + jail_client.GRACE + 10 + jail_client.TEST_BUDGET
    assert jail_client.hand_in_seconds(60) < 60 + 120  # not the 660 s that per-read timeouts allowed (issue 20.4)
