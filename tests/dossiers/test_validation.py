"""Every rule of the national form, as the entry page, the import and any API apply it."""

import pytest
from django.utils import translation

from dossiers.validation import check_totals, clean_row, history_warnings, parse_count, totals
from tests.dossiers.conftest import row_values


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def errors(issues):
    return {(i.column, i.level) for i in issues}


def test_a_consistent_row_passes_and_totals_are_computed():
    values, issues = clean_row(row_values())
    assert issues == []
    # (3) = (4)+(5)+(6); (7) = (8)+(9)+(10); (11) = (12)+(13)
    assert totals(values) == {"received_total": 105, "resolved_total": 95, "pending_total": 10}


def test_received_must_equal_resolved_plus_pending():
    _values, issues = clean_row(row_values(resolved_early=61))
    assert errors(issues) == {("pending_within", "error")}
    message = issues[0].message
    assert "105" in message and "106" in message  # (3) = 105 but (7) + (11) = 106


@pytest.mark.parametrize("raw", ["-1", -3])
def test_no_negative_numbers(raw):
    _values, issues = clean_row(row_values(received_online=raw))
    assert errors(issues) == {("received_online", "error")}
    assert "âm" in issues[0].message  # "không được là số âm"


@pytest.mark.parametrize("raw", ["12,5", "abc", "1.23", 2.5, True])
def test_only_whole_numbers(raw):
    _values, issues = clean_row(row_values(received_offline=raw))
    assert ("received_offline", "error") in errors(issues)


@pytest.mark.parametrize(
    ("raw", "expected"), [("37.657", 37657), ("37657", 37657), (" 1 234 ", 1234), ("", 0), (None, 0), (12.0, 12)]
)
def test_counts_read_in_vietnamese_form(raw, expected):
    assert parse_count(raw) == (expected, None)


def test_of_which_returned_and_withdrawn_never_above_on_time():
    _values, issues = clean_row(row_values(returned=20, withdrawn=11))  # 31 > (9) = 30
    assert errors(issues) == {("withdrawn", "error")}
    assert "30" in issues[0].message


def test_of_which_awaiting_supplements_never_above_within_deadline():
    _values, issues = clean_row(row_values(awaiting_supplement=9))  # 9 > (12) = 8
    assert errors(issues) == {("awaiting_supplement", "error")}


def test_every_problem_of_a_row_is_reported_at_once():
    _values, issues = clean_row(row_values(received_online="x", pending_overdue="-2"))
    assert errors(issues) == {("received_online", "error"), ("pending_overdue", "error")}


def test_typed_totals_in_an_import_must_match_their_parts():
    values, _ = clean_row(row_values())
    assert check_totals(values, {"received_total": 105, "resolved_total": 95, "pending_total": 10}) == []
    issues = check_totals(values, {"received_total": 104, "resolved_total": "95", "pending_total": None})
    assert errors(issues) == {("received_total", "error")}
    assert "(4) + (5) + (6)" in issues[0].message


def test_a_value_far_outside_the_units_history_warns_without_blocking():
    history = [row_values(), row_values(received_offline=95, resolved_on_time=35), row_values()]
    values, _ = clean_row(row_values(received_offline=2000, resolved_on_time=1940))
    warnings = history_warnings(values, history)
    assert {(i.column, i.level) for i in warnings} == {("received_offline", "warning"), ("resolved_on_time", "warning")}
    normal, _ = clean_row(row_values(received_offline=120, resolved_on_time=60))
    assert history_warnings(normal, history) == []
    assert history_warnings(values, history[:1]) == []  # too little history to judge
