"""Sessions end after 30 idle minutes or 10 hours in all, whatever the browser keeps."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
PEOPLE = reverse("people:person_list")


def test_a_session_idle_for_more_than_30_minutes_goes_back_to_the_login_page_with_a_message(client, clerk):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(clerk)
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(PEOPLE).status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(PEOPLE).status_code == 200  # activity keeps it alive
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(PEOPLE)
        assert (
            response.status_code == 302 and response.url == f"/dang-nhap/?next={PEOPLE.replace('/', '%2F')}"
        )
        page = client.get(response.url).content.decode()
    assert "Phiên làm việc đã hết hạn vì quá 30 phút không thao tác" in page
    assert "_auth_user_id" not in client.session


def test_an_active_session_still_ends_after_10_hours(client, clerk):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(clerk)
        for _ in range(39):  # every 15 minutes for 9 h 45 min
            traveller.shift(dt.timedelta(minutes=15))
            assert client.get(PEOPLE).status_code == 200
        traveller.shift(dt.timedelta(minutes=16))
        response = client.get(PEOPLE)
        assert response.status_code == 302 and response.url.startswith("/dang-nhap/")
        page = client.get(response.url).content.decode()
    assert "Phiên làm việc đã quá 10 giờ" in page


def test_the_limits_come_from_the_settings(client, clerk, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(clerk)
        traveller.shift(dt.timedelta(minutes=6))
        assert client.get(PEOPLE).status_code == 302


def test_a_clock_set_back_does_not_end_the_session(client, clerk):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(clerk)
        traveller.shift(dt.timedelta(days=-3))
        assert client.get(PEOPLE).status_code == 200
        traveller.move_to(START + dt.timedelta(minutes=5))
        assert client.get(PEOPLE).status_code == 200
