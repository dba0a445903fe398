"""Import uploads staged for a preview: upload → preview → token → confirm, with expiry and cleanup.

An importer that shows a preview (or asks for a column mapping) before writing keeps the uploaded bytes with
:func:`stage` and puts the returned token in its confirmation form; the confirming request gets the bytes back with
:func:`load`, and :func:`discard` deletes them once imported (or refused for good)::

    token = staging.stage(data, request.user, kind="units")        # after the preview was built
    ...
    data = staging.load(token, request.user, kind="units")         # StagedUploadError: Vietnamese message
    apply(...)
    staging.discard(token)

The token is signed (``django.core.signing``, timestamped) and names its owner and its importer: another user's
token, a token from another importer, an altered token or one older than ``IMPORT_STAGED_MAX_HOURS`` is refused with
a Vietnamese message, and the file's path is never built from what the client sent. Files live under
:data:`STAGING_DIR` (``imports/<kind>/<user id>-<random>``) in the default storage; a user who never confirms leaves
personal data on disk, so :func:`purge_staged_files` — run nightly by ``cchc.core.tasks.purge_staged_imports`` —
deletes every file there untouched for ``IMPORT_STAGED_MAX_HOURS``. The plans' import drafts keep their parsed
rows in the database (``PlanImportDraft``, purged by ``cchc.plans.tasks.purge_plan_import_drafts``).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError

STAGING_DIR = "imports"
_SALT = "cchc.core.staging"
_KIND = re.compile(r"^[a-z0-9_-]+$")


class StagedUploadError(DomainError):
    """A staged upload that cannot be used: ``code`` is ``staged_expired``, ``staged_invalid`` (altered, another
    importer's) or ``staged_not_yours``; ``exc.message`` is the text to show, after which the user uploads the file
    again."""


def _path(user_id: int, kind: str, key: str) -> str:
    return f"{STAGING_DIR}/{kind}/{user_id}-{key}"


def stage(data: bytes, user, *, kind: str) -> str:
    """Keep ``data`` for ``user``'s import of ``kind`` (``"units"``, ``"dossiers"``…); returns the token to confirm
    with."""
    if not _KIND.match(kind):
        raise ValueError(f"bad staging kind {kind!r}")
    key = secrets.token_hex(16)
    default_storage.save(_path(user.pk, kind, key), ContentFile(data))
    return signing.dumps([user.pk, kind, key], salt=_SALT, compress=False)


def _unsign(token: str, max_age: float | None) -> tuple[int, str, str]:
    try:
        age = None if max_age is None else timedelta(seconds=max_age)
        user_id, kind, key = signing.loads(token or "", salt=_SALT, max_age=age)
    except signing.SignatureExpired as exc:
        raise StagedUploadError(
            "staged_expired", _("Phiên nhập đã hết hạn, vui lòng tải tệp lên lại.")
        ) from exc
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise StagedUploadError(
            "staged_invalid", _("Phiên nhập không hợp lệ, vui lòng tải tệp lên lại.")
        ) from exc
    return int(user_id), str(kind), str(key)


def load(token: str, user, *, kind: str) -> bytes:
    """The bytes staged under ``token``, only for the user who uploaded them, for the same importer, within
    ``IMPORT_STAGED_MAX_HOURS``; otherwise :class:`StagedUploadError`."""
    user_id, staged_kind, key = _unsign(token, max_age=settings.IMPORT_STAGED_MAX_HOURS * 3600)
    if user_id != user.pk:
        raise StagedUploadError(
            "staged_not_yours", _("Tệp này do người khác tải lên; hãy tải tệp của bạn lên.")
        )
    if staged_kind != kind:
        raise StagedUploadError("staged_invalid", _("Phiên nhập không hợp lệ, vui lòng tải tệp lên lại."))
    path = _path(user_id, staged_kind, key)
    try:
        with default_storage.open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError as exc:  # already imported, or purged
        raise StagedUploadError(
            "staged_expired", _("Phiên nhập đã hết hạn, vui lòng tải tệp lên lại.")
        ) from exc


def discard(token: str) -> None:
    """Delete the file staged under ``token`` (after the import, or when it is refused for good); a token that is
    not ours or is gone already is ignored."""
    try:
        user_id, kind, key = _unsign(token, max_age=None)
    except StagedUploadError:
        return
    default_storage.delete(_path(user_id, kind, key))


def staged_cutoff(now: datetime | None = None) -> datetime:
    """Staged files and drafts last touched before this moment are abandoned."""
    return (now or timezone.now()) - timedelta(hours=settings.IMPORT_STAGED_MAX_HOURS)


def purge_staged_files(*, before: datetime | None = None, storage=None) -> int:
    """Delete the staged import files last modified before ``before`` (default: :func:`staged_cutoff`); returns
    how many were deleted."""
    storage = storage or default_storage
    before = before or staged_cutoff()
    deleted = 0
    pending = [STAGING_DIR]
    while pending:
        folder = pending.pop()
        try:
            dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        pending.extend(f"{folder}/{d}" for d in dirs)
        for name in files:
            path = f"{folder}/{name}"
            try:
                if storage.get_modified_time(path) < before:
                    storage.delete(path)
                    deleted += 1
            except FileNotFoundError:  # removed meanwhile (the user confirmed)
                continue
    return deleted
