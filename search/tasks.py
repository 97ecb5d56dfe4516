from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import ZeroResultSearch


@shared_task(name="search.flush_query_hits")
def flush_query_hits(counts, date=None, missing=None):
    """Add buffered search counts to Wagtail's search terms report, one row per query a day.

    ``missing`` counts the searches that found nothing, for editors only (never public).
    """
    day = date or timezone.localdate().isoformat()
    with transaction.atomic():
        for query_string, hits in counts.items():
            query = Query.get(query_string)
            daily, _ = QueryDailyHits.objects.get_or_create(query=query, date=day)
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + int(hits))
        for query_string, hits in (missing or {}).items():
            daily, _ = ZeroResultSearch.objects.get_or_create(query_string=query_string, date=day)
            ZeroResultSearch.objects.filter(pk=daily.pk).update(hits=F("hits") + int(hits))
