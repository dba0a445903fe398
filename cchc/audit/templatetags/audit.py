from django import template

from cchc.audit.selectors import changes_of, table_label

register = template.Library()


@register.filter
def audit_changes(event):
    return changes_of(event)


@register.filter
def show_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    text = str(value)
    # ISO dates and datetimes from the JSON row → dd/mm/yyyy [HH:MM] in the local time zone
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    if len(text) >= 16 and text[4] == "-" and text[7] == "-" and text[10] == "T":
        from datetime import datetime

        from django.utils import timezone

        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    return text


@register.filter
def audit_table(table_name):
    return table_label(table_name)
