"""survey_update changes only what an organiser may change: title, note and window, never the unit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cchc.surveys import services


@pytest.mark.django_db
def test_survey_update_cannot_move_a_survey_to_another_unit(survey, org):
    with pytest.raises(TypeError):
        services.survey_update(survey=survey, unit=org.other_city)
    survey.refresh_from_db()
    assert survey.unit_id == org.city.pk


@pytest.mark.django_db
def test_survey_update_changes_title_and_window_and_keeps_the_rest(survey):
    closes = survey.opens_at + timedelta(days=60)
    services.survey_update(survey=survey, title="  Đợt 2  ", closes_at=closes)
    survey.refresh_from_db()
    assert (survey.title, survey.closes_at, survey.note) == ("Đợt 2", closes, "")

    services.survey_update(survey=survey, closes_at=None)  # None: no end, not "unchanged"
    survey.refresh_from_db()
    assert survey.closes_at is None and survey.title == "Đợt 2"


@pytest.mark.django_db
def test_survey_update_refuses_a_window_that_closes_before_it_opens(survey):
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, closes_at=survey.opens_at - timedelta(days=1))
