"""survey_links [--unit UNIT_CODE] --json — the service points, their public URLs and questionnaires (contract)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cchc.core.cli import fail_error, print_json
from cchc.core.errors import DomainError
from cchc.orgs.selectors import find_one_unit
from cchc.surveys import services
from cchc.surveys.models import ServicePoint


def base_url() -> str:
    from django.conf import settings

    url = settings.SURVEY_BASE_URL or settings.SITE_URL
    return url.rstrip("/")


class Command(BaseCommand):
    requires_system_checks: list = []  # a contract command: start fast
    help = "Các điểm lấy ý kiến, đường dẫn công khai và phiếu khảo sát / service points, public URLs, questionnaires"

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", help="UNIT_CODE: chỉ đơn vị này và cấp dưới / this unit and its sub-units"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        points = (
            ServicePoint.objects.select_related("unit").filter(active=True).order_by("unit__path", "name")
        )
        if options.get("unit"):
            try:
                unit = find_one_unit(options["unit"])
            except DomainError as exc:
                fail_error(exc)
            points = points.filter(unit__path__startswith=unit.path)
        out = []
        for p in points:
            target = services.resolve_token(p.token)
            survey = services.survey_for_target(target) if target else None
            item = {
                "unit": p.unit.code,
                "name": p.name,
                "token": p.token,
                "url": base_url() + services.token_url(p.token),
                "survey": survey.title if survey else None,
                "survey_open": survey is not None,
                "questions": [],
            }
            if survey is not None:
                q = survey.questionnaire
                item["questionnaire"] = f"{q.id}:{q.version}"
                item["questions"] = [
                    {"key": x.key, "dimension": x.dimension, "text": x.text, "type": x.type}
                    for x in q.questions
                ]
            out.append(item)
        if options.get("json"):
            print_json({"service_points": out})
        else:
            for item in out:
                self.stdout.write(
                    f"{item['unit']}\t{item['name']}\t{item['url']}\t{item['survey'] or '(đóng)'}"
                )
