"""Every API error is JSON: ``{"message": ..., "field": ...}`` (field null when no single input
is at fault), with a 4xx status; never an HTML page, never a 500 for bad input."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from parity.activities.tasks import UploadError
from parity.mainstreaming.services import NotAllowedError, ReviewError, StaleReviewError

logger = logging.getLogger(__name__)
SOURCES = {"query", "path", "body", "form", "file", "header", "cookie"}


class ErrorOut(Schema):
    message: str
    field: str | None = None


class ApiError(Exception):
    """A refused request: a message for the caller, the input at fault, a 4xx status."""

    def __init__(self, message: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def field_of(loc: list[Any] | tuple[Any, ...]) -> str | None:
    """``["query", "marker"]`` -> ``marker``; ``["body", "payload", "answers", "c1"]`` ->
    ``answers.c1`` (the name of the schema parameter itself says nothing to the caller)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def install(api: NinjaAPI) -> None:
    def reply(request: HttpRequest, status: int, message: str, field: str | None = None):
        return api.create_response(request, {"message": message, "field": field}, status=status)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        message = str(first.get("msg", "Invalid input."))
        message = message.removeprefix("Value error, ")
        field = field_of(first.get("loc", ()))
        if field:
            message = f"{field}: {message}"
        return reply(request, 422, message, field)

    @api.exception_handler(ApiError)
    def refused(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return reply(request, exc.status, exc.message, exc.field)

    @api.exception_handler(UploadError)
    def upload_refused(request: HttpRequest, exc: UploadError) -> HttpResponse:
        return reply(request, exc.status, exc.message, exc.field)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return reply(request, exc.status_code, exc.message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, str(exc) or "Not found.")

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return reply(request, 404, str(exc) or "Not found.")

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return reply(request, 403, str(exc) or "Your role does not allow this.")

    @api.exception_handler(NotAllowedError)
    def not_allowed(request: HttpRequest, exc: NotAllowedError) -> HttpResponse:
        return reply(request, 403, str(exc))

    @api.exception_handler(StaleReviewError)
    def stale(request: HttpRequest, exc: StaleReviewError) -> HttpResponse:
        return reply(request, 409, str(exc), "version")

    @api.exception_handler(ReviewError)
    def review_refused(request: HttpRequest, exc: ReviewError) -> HttpResponse:
        return reply(request, 409, str(exc))

    @api.exception_handler(DjangoValidationError)
    def model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "message_dict"):
            field, messages = next(iter(exc.message_dict.items()))
            return reply(request, 422, " ".join(messages), None if field == "__all__" else field)
        return reply(request, 422, " ".join(exc.messages))

    @api.exception_handler(Exception)
    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Still JSON; the details go to the log, not to the caller.
        logger.exception("API error on %s %s", request.method, request.path)
        return reply(request, 500, "Parity failed to answer this request; the error is logged.")
