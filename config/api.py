from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from learning_city import throttle


class SearchLimited:
    """A listing asked to ``?search=`` counts towards the same per-address limit as /search/."""

    def listing_view(self, request):
        if "search" in request.GET:
            wait = throttle.hit("search", ip=throttle.client_ip(request))
            if wait:
                return throttle.too_many(request, wait, json=True)
        return super().listing_view(request)


class LimitedPagesAPIViewSet(SearchLimited, PagesAPIViewSet):
    pass


class LimitedImagesAPIViewSet(SearchLimited, ImagesAPIViewSet):
    pass


class LimitedDocumentsAPIViewSet(SearchLimited, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", LimitedPagesAPIViewSet)
api_router.register_endpoint("images", LimitedImagesAPIViewSet)
api_router.register_endpoint("documents", LimitedDocumentsAPIViewSet)
