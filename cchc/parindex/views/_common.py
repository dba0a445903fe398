"""Helpers shared by several PAR index pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from cchc.core.errors import DomainError
from cchc.core.types import AuthedRequest

from ..models import Round

P = Round.Phase


def _errors(request: AuthedRequest, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        messages.error(request, exc.message)
        return
    for message in exc.messages:
        messages.error(request, message)
