from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.surveys import catalog, services


@pytest.fixture(autouse=True)
def _fresh_cache():
    services.clear_cache()
    catalog.clear_cache()
    yield
    services.clear_cache()
    catalog.clear_cache()


@pytest.fixture
def survey(org):
    return services.survey_create(
        title="Khảo sát sự hài lòng năm 2026",
        questionnaire="sipas_citizen:1",
        unit=org.city,
        opens_at=timezone.now() - timedelta(days=30),
    )


@pytest.fixture
def point(org, survey):
    return services.service_point_create(unit=org.pc06, name="Bộ phận một cửa PC06")
