"""The open API v1 (``/api/v1/``; contract ``contracts/api.md``, methodology §14). django-ninja.

How to add an endpoint
======================

1. **A router per module** in ``cchc/api/endpoints/<module>.py`` (``router = Router(tags=["<module>"])``), mounted
   in ``cchc/api/endpoints/__init__.py`` by adding its name to ``MODULES``. Paths are written
   in full without a trailing slash (``@router.get("/plans/{int:plan_id}/tasks", …)``). Keep each endpoint thin:
   parse, fetch through the module's own getters/selectors, serialize. **One path, one router**: Django resolves a
   path to the first router that declares it, so a second method on an existing path goes into the SAME module
   (POST /pakn in ``endpoints/pakn.py`` beside GET /pakn; POST /assignments/{id}/progress may have its own module
   because its path is new). Computed figures come from the same function
   the module's command calls (``survey_results``, ``onestop_indicators``, …) — never a second copy of a rule.

2. **Auth** is on by default (``auth=token_auth`` on the API object): an endpoint runs only with a valid bearer
   token. The caller is ``cchc.api.auth.api_user(request)`` (also ``request.user``); pass it to the module's getters
   exactly as a view passes ``request.user``. A write endpoint starts with ``user = require_write(request)`` (403
   for a read-only token) and then uses the getters with ``write=True`` (data scope: 403 outside it, 404 for what
   the user cannot even see). The middleware already made the token's user the audit actor (``api:<token name>``)
   for POST/PUT/PATCH/DELETE, so services record the write like one made on the web.

3. **Scope**: ``cchc.api.filters`` — ``in_scope(request, qs, where, unit_field="unit", kind="view"|"data")``
   applies the user's reach (``cchc/orgs/scope.py``) and the ``unit=``/``under=`` filter (``where:
   Query[UnitParams]``); ``selected_units(request, where)`` gives the units; ``unit_for(request, code, write=…)``
   resolves one code (404/403); ``api_scope(request)`` is ``scope_for(user)``.

4. **Periods**: ``when: Query[PeriodParams]`` gives ``from``, ``to`` and ``period`` (ISO 8601 ``start/duration``,
   ``2026Q1``…); ``when.window()`` → inclusive ``(date_from, date_to)`` (either may be None). The pure parser is
   ``cchc.core.iso_periods.parse_period`` (``DateRange(start, end)``, end inclusive).

5. **Pagination**: ``page: Query[PageParams]`` and ``return paginate(request, qs.order_by(..., "pk"), page,
   to_dict)`` with ``response={200: Page[ItemOut], **READ_ERRORS}``; a computed list (not a queryset) is paginated the
   same way. ``paginate`` records the rows returned in the sharing log.

6. **Errors**: raise what the rest of the code raises — ``DomainError`` (400, its ``row``/``field`` in
   ``errors``), ``Http404``, ``PermissionDenied`` (403) — or ``cchc.api.errors.ApiError(status, code, msgid,
   **params)`` (409 stale write, …). For a list body collect the rows' errors with ``errors.error_entry(exc)``
   (set ``exc.row``) and ``raise ApiError(400, "invalid_rows", msgid, errors=[…])``. Every answer ≥ 400 is
   ``application/problem+json`` (``detail`` Vietnamese, ``detail_en`` English); ninja's validation errors become
   400 with ``errors: [{row, field, message}]``. Declare the error answers in ``response=`` with ``main_errors.READ_ERRORS``
   (reads) or ``main_errors.WRITE_ERRORS`` (writes) so the OpenAPI description lists them.

7. **The sharing log** (NĐ 47/2020 Điều 45) is written by the middleware for every call. A write endpoint says how
   many rows it wrote: ``cchc.api.calllog.set_rows_written(request, n)`` (``set_rows_returned`` for a single-object
   GET; ``paginate`` does it for lists). Nothing to do for time, token, user, method, path and status.

8. **Tests**: ``cchc/api/tests/conftest.py`` — ``api(user, write=False)`` is a client sending a fresh token;
   test the cross-unit case (404 for a record of another unit, 403 for a write outside the data scope) and keep
   the schemathesis run (``test_schemathesis.py``) green: it walks every endpoint of ``/api/v1/openapi.json``.

Rate limits (``API_RATE_LIMIT_PER_MINUTE``), the body cap (``API_MAX_BODY_BYTES``) and the conversion of
Django's own 404/405 answers to problems are in ``cchc.api.middleware.ApiMiddleware``.
"""
