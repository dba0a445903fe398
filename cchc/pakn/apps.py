from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _visible(user: Any) -> bool:
    from cchc.orgs.scope import scope_for

    return bool(user.is_authenticated) and not scope_for(user).view.empty


class PaknConfig(AppConfig):
    name = "cchc.pakn"
    label = "pakn"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register
        from cchc.reports.figures import Figure, register_figure_source

        from . import attention  # noqa: F401  (registers the home-page provider)
        from .demo import load_demo
        from .figures import pakn_figures, pakn_records_url

        register(Module("pakn", _("Phản ánh, kiến nghị"), "pakn:index", _visible, prefix="/pakn/"))
        register_loader("pakn", load_demo)
        register_figure_source(
            "pakn",
            pakn_figures,
            module="pakn",
            figures=[
                Figure("received", _("Phản ánh, kiến nghị tiếp nhận")),
                Figure("refused", _("Phản ánh, kiến nghị từ chối tiếp nhận")),
                Figure("handled", _("Phản ánh, kiến nghị đã xử lý")),
                Figure("published", _("Phản ánh, kiến nghị đã công khai kết quả")),
                Figure("waiting", _("Phản ánh, kiến nghị chờ phân loại")),
                Figure("in_progress", _("Phản ánh, kiến nghị đang xử lý")),
                Figure("on_time", _("Phản ánh, kiến nghị xử lý đúng hạn")),
                Figure("overdue", _("Phản ánh, kiến nghị quá hạn")),
            ],
            records=pakn_records_url,
        )

        from cchc.onestop.unitscore import register_petition_source

        from .figures import petition_counts_by_unit

        register_petition_source(petition_counts_by_unit)
