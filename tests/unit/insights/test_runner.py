"""Where a set is read (the request or the worker), and the progress within a live."""

from lives_admin.insights import runner
from lives_admin.meltingspot import Live, LiveMetrics
from lives_admin.models import InsightSnapshot


def lives_of_sizes(*invited) -> list[Live]:
    return [
        Live(f"l{n}", f"Live {n}", None, None, LiveMetrics(invited=size))
        for n, size in enumerate(invited)
    ]


def test_the_request_takes_up_to_the_page_budget_whatever_the_number_of_lives():
    budget = runner.DEFAULT_INLINE_MAX_PAGES
    at_budget = lives_of_sizes(*[100] * budget)  # one full page each
    assert runner.expected_pages(at_budget) == budget
    assert runner.reads_in_request(at_budget)
    one_page_more = lives_of_sizes(100 * (budget - 1) + 1)  # a single live, budget pages
    assert runner.expected_pages(one_page_more) == budget
    assert not runner.reads_in_request(lives_of_sizes(100 * budget + 1))
    assert not runner.reads_in_request(lives_of_sizes(*[10_000] * 5))


def test_an_empty_live_costs_a_call_and_an_unknown_size_goes_to_the_worker():
    assert runner.expected_pages(lives_of_sizes(0, 0)) == 2
    assert runner.expected_pages(lives_of_sizes(10, None)) is None
    assert not runner.reads_in_request(lives_of_sizes(10, None))


def test_progress_moves_within_the_live_being_read_and_never_claims_it_done():
    lives = [{"id": "a", "metrics": {"invited": 400}}, {"id": "b", "metrics": {"invited": 0}}]
    snapshot = InsightSnapshot(run_lives=lives, lives_done=0, people_read=0)
    assert snapshot.percent == 0
    snapshot.people_read = 200
    assert snapshot.percent == 25
    snapshot.people_read = 900  # more than the metric said
    assert snapshot.percent == 50  # 0.99 of the first live of two, rounded
    snapshot.lives_done, snapshot.people_read = 2, 0
    assert snapshot.percent == 100
