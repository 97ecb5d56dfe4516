import datetime
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from learning_city import throttle
from learning_city.pagination import paginate
from search import query_log
from search.models import HiddenSearchTerm
from search.ranking import RankedSearch
from search.snippets import highlight, searchable_text, snippet
from search.suggestions import matching_terms, matching_titles
from search.terms import highlighted_words, query_terms

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


def _site_pages(request):
    pages = Page.objects.live().public()
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def _type_choices(results):
    """Page types among the results, with how many of each, for the type filter."""
    counts = results.facet()
    content_types = ContentType.objects.in_bulk([pk for pk in counts if pk])
    choices = []
    for pk, count in counts.items():
        model = content_types[pk].model_class() if pk in content_types else None
        if model is not None:
            choices.append(
                {
                    "key": f"{model._meta.app_label}.{model._meta.model_name}",
                    "label": model._meta.verbose_name,
                    "count": count,
                    "content_type": pk,
                }
            )
    return sorted(choices, key=lambda choice: -choice["count"])


def _suggestions(request):
    """Where to go when a search finds nothing: popular searches and the site's main sections."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    shown = Query.get_most_popular(date_since=since).exclude(query_string__in=HiddenSearchTerm.objects.values("term"))
    popular = [query.query_string for query in shown[:8]]
    site = Site.find_for_request(request)
    sections = []
    if site is not None:
        for section in site.root_page.get_children().live().public().in_menu().specific():
            sections.append((section, list(section.get_children().live().public().specific())))
    return {"popular_queries": popular, "sections": sections}


def _promotions(query):
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )


@require_GET
@throttle.limit("search", methods=("GET",))
def search(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query, "max_length": MAX_QUERY_LENGTH}
    if len(query) > MAX_QUERY_LENGTH or not query:
        context.update(too_long=bool(query), **_suggestions(request))
        return render(request, "search/search.html", context)

    terms = query_terms(query)
    if not terms:  # only punctuation: nothing to look for
        context.update(items=[], promotions=[], **_suggestions(request))
        return render(request, "search/search.html", context)
    words = highlighted_words(terms)
    results = RankedSearch(_site_pages(request), terms)
    type_choices = _type_choices(results)
    selected_type = next((c for c in type_choices if c["key"] == request.GET.get("type")), None)
    if selected_type is not None:
        results = results.of_type(selected_type["content_type"])

    params = {"q": query, "type": selected_type["key"]} if selected_type else {"q": query}
    pagination = paginate(request, results, RESULTS_PER_PAGE, params)
    current = pagination.page
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=current.object_list).specific()}
    items = []
    for pk in current.object_list:
        page = by_pk.get(pk)
        if page is None:
            continue
        text = searchable_text(page) or page.search_description
        items.append(
            {
                "page": page,
                "title": highlight(page.title, words),
                "snippet": snippet(text, words),
                "type": page._meta.verbose_name,
            }
        )

    # Only searches that found something feed the public popular searches: a made-up phrase
    # cannot be pushed onto the list by searching it over and over. The others are counted
    # apart, for editors looking for a missing synonym.
    query_log.record(query, found=bool(current.paginator.count) and not results.partial)
    context.update(
        {
            "words": words,
            "items": items,
            "page_obj": current,
            "paginator": current.paginator,
            "pagination": pagination,
            "type_choices": type_choices,
            "selected_type": selected_type,
            "promotions": _promotions(query),
            "partial": results.partial,
        }
    )
    if not items and not context["promotions"]:
        context.update(_suggestions(request))
    return render(request, "search/search.html", context)


@require_GET
@throttle.limit("suggest", methods=("GET",), json=True)
def suggest(request):
    """Suggestions while typing, as JSON: page titles first, then the guide's own terms."""
    typed = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    suggestions = [
        {"label": page.title, "url": page.get_url(request), "kind": "page"}
        for page in matching_titles(_site_pages(request), typed)
    ]
    suggestions += [
        {"label": term, "url": f"{reverse('search')}?{urlencode({'q': term})}", "kind": "term"}
        for term in matching_terms(typed)
    ]
    return JsonResponse({"query": typed, "suggestions": suggestions})
