"""Helpers shared by list pages."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, QueryDict


def page_or_404(paginator: Paginator, params: QueryDict) -> Page:
    """The requested page; a page that is not a number or lies past the end is a clear 404."""
    try:
        return paginator.page(params.get("page", 1))
    except PageNotAnInteger:
        raise Http404("The page number must be a whole number.") from None
    except EmptyPage:
        raise Http404(f"There is no such page: the list has {paginator.num_pages}.") from None


def query_without(params: QueryDict, *names: str) -> str:
    """The current query string minus some parameters, for pagination links."""
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()
