"""One page of a long list, and what its page links need (templates/includes/pagination.html)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict


@dataclass(frozen=True)
class Pagination:
    page: Page
    query: str  # the request's other parameters (the filters, the search), kept in every page link

    @property
    def numbers(self):
        """The page numbers to link, with ``Paginator.ELLIPSIS`` for the gaps."""
        return self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)


def paginate(request, items, per_page, params=None):
    """The page of ``items`` that ``?page=`` asks for (the first or last when the number is not one).

    The links keep ``params`` (a dict or QueryDict), by default every parameter of the request but
    ``page``.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    if params is None:
        params = request.GET.copy()
        params.pop("page", None)
    elif not isinstance(params, QueryDict):
        params, values = QueryDict(mutable=True), params
        params.update(values)
    return Pagination(page, params.urlencode())


def only(params, names):
    """``params`` (a QueryDict) reduced to ``names``: the links of a filtered listing carry its filters on,
    not whatever else the request had (a campaign's tag, a cache-buster), so the same listing is the same
    page for everyone who asks for it."""
    kept = QueryDict(mutable=True)
    for name in names:
        if name in params:
            kept.setlist(name, params.getlist(name))
    return kept
