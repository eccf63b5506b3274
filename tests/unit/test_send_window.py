"""Send window: scheduled messages go out only inside it, in the optician's zone."""
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.send_window import (
    DEFAULT_WINDOW,
    SendWindow,
    due_instant,
    is_open,
    local_to_utc,
    next_open,
    parse_hhmm,
    parse_window,
    start_of_next_month,
    validate_timezone,
    window_to_dict,
)

ZH = "Europe/Zurich"
ZURICH = ZoneInfo(ZH)
UTC = timezone.utc


def zurich(*args) -> datetime:
    return datetime(*args, tzinfo=ZURICH)


# --- settings -------------------------------------------------------------

def test_default_window_is_mon_to_sat_9_to_19():
    assert parse_window(None) == DEFAULT_WINDOW
    assert window_to_dict(DEFAULT_WINDOW) == {
        "days": ["mon", "tue", "wed", "thu", "fri", "sat"], "start": "09:00", "end": "19:00",
    }


def test_window_round_trips_through_settings_json():
    raw = {"days": ["sat", "mon"], "start": "08:30", "end": "12:00"}
    window = parse_window(raw)
    assert window == SendWindow(frozenset({0, 5}), time(8, 30), time(12, 0))
    assert window_to_dict(window) == {"days": ["mon", "sat"], "start": "08:30", "end": "12:00"}


def test_missing_keys_take_the_default():
    assert parse_window({"start": "10:00"}) == SendWindow(DEFAULT_WINDOW.days, time(10), time(19))


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"start": "9:00"}, "send_window.start"),
        ({"start": "24:00"}, "send_window.start"),
        ({"end": "19:60"}, "send_window.end"),
        ({"end": 19}, "send_window.end"),
        ({"start": "19:00", "end": "09:00"}, "send_window.end"),
        ({"start": "10:00", "end": "10:00"}, "send_window.end"),
        ({"days": []}, "send_window.days"),
        ({"days": "mon"}, "send_window.days"),
        ({"days": ["mon", "funday"]}, "send_window.days[1]"),
        ({"days": ["mon", "tue", "mon"]}, "send_window.days[2]"),
        ({"days": ["mon", 1]}, "send_window.days[1]"),
        ({"hours": 3}, "send_window.hours"),
        ("mon-sat", "send_window"),
    ],
)
def test_invalid_window_names_the_field(raw, field):
    with pytest.raises(ValidationError) as err:
        parse_window(raw)
    assert err.value.field == field


def test_field_prefix_can_be_chosen():
    with pytest.raises(ValidationError) as err:
        parse_window({"start": "x"}, field="settings.send_window")
    assert err.value.field == "settings.send_window.start"


def test_parse_hhmm():
    assert parse_hhmm("07:05", "time_of_day") == time(7, 5)
    with pytest.raises(ValidationError) as err:
        parse_hhmm("7:5", "time_of_day")
    assert err.value.field == "time_of_day"


@pytest.mark.parametrize("name", ["Europe/Zurich", "Europe/Berlin", "UTC", "America/New_York"])
def test_valid_timezones(name):
    assert validate_timezone(name) == name


@pytest.mark.parametrize(
    "name", ["", "Mars/Olympus", "Europe", "../etc/passwd", "/etc/localtime", "localtime", None, 1]
)
def test_invalid_timezones(name):
    with pytest.raises(ValidationError) as err:
        validate_timezone(name, field="settings.timezone")
    assert err.value.field == "settings.timezone"


# --- open / next open -----------------------------------------------------

@pytest.mark.parametrize(
    "local, expected",
    [
        (zurich(2026, 3, 2, 8, 59), False),   # Monday before opening
        (zurich(2026, 3, 2, 9, 0), True),     # opening minute
        (zurich(2026, 3, 2, 18, 59), True),
        (zurich(2026, 3, 2, 19, 0), False),   # end is exclusive
        (zurich(2026, 3, 7, 12, 0), True),    # Saturday
        (zurich(2026, 3, 8, 12, 0), False),   # Sunday
    ],
)
def test_is_open_in_local_time(local, expected):
    assert is_open(DEFAULT_WINDOW, ZH, local.astimezone(UTC)) is expected


def test_is_open_uses_the_opticians_zone_not_utc():
    # 08:30 UTC in summer is 10:30 in Zurich (open) but 04:30 in New York (closed)
    instant = datetime(2026, 6, 3, 8, 30, tzinfo=UTC)
    assert is_open(DEFAULT_WINDOW, ZH, instant)
    assert not is_open(DEFAULT_WINDOW, "America/New_York", instant)


def test_naive_instant_is_refused():
    with pytest.raises(ValueError):
        is_open(DEFAULT_WINDOW, ZH, datetime(2026, 3, 2, 10, 0))


def test_next_open_inside_window_is_the_instant_itself_in_utc():
    instant = zurich(2026, 3, 4, 11, 15)
    result = next_open(DEFAULT_WINDOW, ZH, instant)
    assert result == instant
    assert result.tzinfo == UTC


@pytest.mark.parametrize(
    "local, expected_local",
    [
        (zurich(2026, 3, 4, 6, 0), zurich(2026, 3, 4, 9, 0)),    # Wednesday early → same day
        (zurich(2026, 3, 4, 19, 0), zurich(2026, 3, 5, 9, 0)),   # after closing → next day
        (zurich(2026, 3, 7, 20, 0), zurich(2026, 3, 9, 9, 0)),   # Saturday evening → Monday
        (zurich(2026, 3, 8, 12, 0), zurich(2026, 3, 9, 9, 0)),   # Sunday → Monday
    ],
)
def test_next_open_waits_for_the_next_window_start(local, expected_local):
    assert next_open(DEFAULT_WINDOW, ZH, local) == expected_local.astimezone(UTC)


def test_next_open_with_a_single_day_window_waits_a_week():
    window = parse_window({"days": ["wed"], "start": "10:00", "end": "11:00"})
    assert next_open(window, ZH, zurich(2026, 3, 4, 11, 0)) == zurich(2026, 3, 11, 10, 0).astimezone(UTC)


# --- due instants ---------------------------------------------------------

def test_reminder_due_on_sunday_goes_out_monday_at_nine():
    assert due_instant(date(2026, 3, 8), DEFAULT_WINDOW, ZH) == zurich(2026, 3, 9, 9, 0).astimezone(UTC)


def test_reminder_due_on_a_weekday_goes_out_at_opening():
    # 09:00 CET = 08:00 UTC
    assert due_instant(date(2026, 3, 27), DEFAULT_WINDOW, ZH) == datetime(2026, 3, 27, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "at, expected_local",
    [
        (time(7, 0), zurich(2026, 3, 4, 9, 0)),
        (time(12, 30), zurich(2026, 3, 4, 12, 30)),
        (time(20, 0), zurich(2026, 3, 5, 9, 0)),
    ],
)
def test_lens_exchange_time_of_day_is_respected_inside_the_window(at, expected_local):
    assert due_instant(date(2026, 3, 4), DEFAULT_WINDOW, ZH, at) == expected_local.astimezone(UTC)


@pytest.mark.parametrize(
    "first_day",
    [date(2026, 3, 22), date(2026, 10, 18)],  # 14 days across each Zurich DST change
)
def test_no_day_is_skipped_or_doubled_across_dst(first_day):
    results = []
    for offset in range(14):
        day = first_day + timedelta(days=offset)
        result = due_instant(day, DEFAULT_WINDOW, ZH)
        local = result.astimezone(ZURICH)
        expected_day = day + timedelta(days=1) if day.weekday() == 6 else day
        # THEN every day's reminder goes out that day (Sunday: Monday) at 09:00 local
        assert (local.date(), local.time()) == (expected_day, time(9, 0))
        assert result.tzinfo == UTC
        results.append(result)
    # each of the 12 open days in the fortnight gets exactly one distinct send time
    assert sorted(results) == results
    assert len(set(results)) == 12
    assert len({r.astimezone(ZURICH).date() for r in results}) == 12


def test_offsets_switch_on_the_dst_days():
    # Sunday 2026-03-29 spring forward; Monday 09:00 is CEST (UTC+2)
    assert due_instant(date(2026, 3, 28), DEFAULT_WINDOW, ZH) == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert due_instant(date(2026, 3, 30), DEFAULT_WINDOW, ZH) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    # Sunday 2026-10-25 fall back; Monday 09:00 is CET (UTC+1)
    assert due_instant(date(2026, 10, 24), DEFAULT_WINDOW, ZH) == datetime(2026, 10, 24, 7, 0, tzinfo=UTC)
    assert due_instant(date(2026, 10, 26), DEFAULT_WINDOW, ZH) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)


ALWAYS = SendWindow(frozenset(range(7)), time(0, 0), time(23, 59))


def test_nonexistent_wall_time_maps_forward():
    # 02:30 does not exist on 2026-03-29 in Zurich: it becomes 03:30 CEST (01:30 UTC)
    assert local_to_utc(date(2026, 3, 29), time(2, 30), ZH) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    result = due_instant(date(2026, 3, 29), ALWAYS, ZH, time(2, 30))
    assert result.astimezone(ZURICH).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)


def test_repeated_wall_time_means_its_first_occurrence():
    # 02:30 happens twice on 2026-10-25: the first is CEST (00:30 UTC)
    assert due_instant(date(2026, 10, 25), ALWAYS, ZH, time(2, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_window_starting_in_a_dst_gap_opens_after_the_gap():
    window = parse_window({"days": ["sun"], "start": "02:30", "end": "05:00"})
    assert next_open(window, ZH, zurich(2026, 3, 29, 0, 0)) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_window_entirely_inside_a_dst_gap_waits_for_the_next_week():
    window = parse_window({"days": ["sun"], "start": "02:00", "end": "02:59"})
    result = next_open(window, ZH, zurich(2026, 3, 29, 0, 0))
    assert result == zurich(2026, 4, 5, 2, 0).astimezone(UTC)


# --- what the optician reads, and rules at their edges ------------------------------------------

@pytest.mark.parametrize("raw, field, message", [
    ("mon-sat", "send_window", 'must be an object {"days", "start", "end"}'),
    ({"hours": 3}, "send_window.hours", "unknown field"),
    ({"days": []}, "send_window.days", "must be a non-empty list of days (mon, tue, wed, thu, fri, sat, sun)"),
    ({"days": ["mon", "xyz"]}, "send_window.days[1]", "must be one of: mon, tue, wed, thu, fri, sat, sun"),
    ({"days": ["mon", " MON "]}, "send_window.days[1]", "day listed twice"),
    ({"start": "9:00"}, "send_window.start", "must be a time HH:MM (00:00–23:59)"),
    ({"start": "19:00"}, "send_window.end", "must be later than start"),
])
def test_a_bad_window_says_what_is_wrong(raw, field, message):
    with pytest.raises(ValidationError) as refused:
        parse_window(raw)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_a_bad_time_zone_says_what_is_expected():
    with pytest.raises(ValidationError) as not_a_name:
        validate_timezone("")
    with pytest.raises(ValidationError) as unknown:
        validate_timezone("Mars/Olympus", field="settings.timezone")

    assert (not_a_name.value.field, not_a_name.value.message) == (
        "timezone", "must be an IANA time zone such as Europe/Zurich")
    assert (unknown.value.field, unknown.value.message) == (
        "settings.timezone", "unknown time zone; use an IANA name such as Europe/Zurich")


class _NoOffset(tzinfo):
    def utcoffset(self, dt):
        return None

    def dst(self, dt):
        return None


def test_an_instant_whose_zone_gives_no_offset_counts_as_naive():
    with pytest.raises(ValueError, match="^instant must be timezone-aware$"):
        is_open(DEFAULT_WINDOW, ZH, datetime(2026, 12, 7, 10, 0, tzinfo=_NoOffset()))


def test_a_message_due_at_midnight_goes_out_at_midnight_in_an_all_day_window():
    assert due_instant(date(2026, 12, 7), ALWAYS, ZH) == zurich(2026, 12, 7, 0, 0)


def test_a_repeated_wall_time_given_as_its_second_occurrence_still_means_the_first():
    assert local_to_utc(date(2026, 10, 25), time(2, 30, fold=1), ZH) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_month_after_december_is_january_of_the_next_year():
    assert start_of_next_month(zurich(2026, 12, 15, 12, 0), ZH) == zurich(2027, 1, 1, 0, 0)
    assert start_of_next_month(zurich(2026, 11, 30, 23, 0), ZH) == zurich(2026, 12, 1, 0, 0)


def test_instants_are_utc_and_days_the_opticians_whatever_the_servers_zone(server_zone):
    server_zone("Pacific/Auckland")  # a day ahead of Zurich at lunchtime
    afternoon = parse_window({"days": ["mon"], "start": "14:00", "end": "18:00"})

    assert next_open(afternoon, ZH, zurich(2026, 12, 7, 13, 0)) == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    opened = next_open(afternoon, ZH, zurich(2026, 12, 7, 15, 0))
    assert opened.isoformat() == "2026-12-07T14:00:00+00:00"
    assert local_to_utc(date(2026, 12, 7), time(9, 0), ZH).isoformat() == "2026-12-07T08:00:00+00:00"
