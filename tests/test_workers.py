"""The worker-pool answers every pool shares: how many workers, how the work is cut."""

from checker import workers


def test_checker_jobs_sets_the_number_of_workers(monkeypatch):
    monkeypatch.setenv("CHECKER_JOBS", "3")
    assert workers.wanted_cores() == 3


def test_without_checker_jobs_every_available_core_is_used(monkeypatch):
    for value in ("", "0", "two", "-1"):
        monkeypatch.setenv("CHECKER_JOBS", value)
        assert workers.wanted_cores() == workers.available_cores()


def test_chunks_close_once_they_reach_the_target_and_keep_the_order():
    sizes = [5, 1, 4, 10, 2, 2]
    runs = workers.chunks(sizes, lambda n: n, 6)
    assert runs == [[5, 1], [4, 10], [2, 2]]
    assert [n for run in runs for n in run] == sizes


def test_no_chunk_is_empty():
    assert workers.chunks([], len, 10) == []
    assert workers.chunks(["abc"], len, 1) == [["abc"]]
