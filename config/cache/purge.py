"""Which pages show what, and purging them: the page cache's tokens and, when ``WAGTAILFRONTENDCACHE``
is set, the CDN through Wagtail's front-end cache invalidation (README: Page cache).

A page is shown by itself, its ancestors (their listings, the home page) and its descendants (their
breadcrumbs, a routable page's own routes); the API and the sitemap list every page. On top:

- a showcase is shown on every task page it may serve, on its siblings (an exemplary city lists its
  city's showcases) and on its city's profile under the network page;
- a task page's number and title are on the showcases and the index's filter;
- the site root and its children are the navigation on every page: they purge everything, as do the
  site's settings, snippets, images, documents, privacy settings and reference data.

Every purge runs at once and again when the transaction commits, so that a page made in between, from
what was not yet committed, is not kept.
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from config.cache import store

API_PATHS = ("/api/v2/pages/", "/api/showcases/", "/sitemap.xml")
NETWORK_API_PATHS = ("/api/network/members/", "/api/network/coverage/")


def everything(cdn=True):
    """Purge every page; and the CDN, every live page's URL, unless ``cdn`` is False."""
    _twice(_renew, {store.ALL: store.new_token(), store.ROUTES: store.new_token()})
    if cdn:
        _frontend(_all_live_paths(), ())


def paths(exact=(), children=()):
    """Purge the pages at ``exact`` paths and every page below each of ``children``."""
    exact, children = set(exact), set(children)
    tokens = {store.path_token(path): store.new_token() for path in exact}
    tokens.update({store.children_token(path): store.new_token() for path in children})
    tokens[store.ROUTES] = store.new_token()  # a page moved or gone may have taken its path along
    _twice(_renew, tokens)
    _frontend(exact, children)


def page(instance, url_paths=None):
    """Purge what shows ``instance`` (at each of ``url_paths``, Wagtail's url_path, default its own)."""
    instance = instance.specific_deferred if type(instance) is Page else instance
    if instance.depth <= 3:
        return everything()
    exact, children = set(API_PATHS), {API_PATHS[0]}
    for url_path in url_paths or [instance.url_path]:
        for path in site_paths(url_path):
            exact.add(path)
            exact.update(_ancestors(path))
            children.add(path)
    more_exact, more_children = _shown_elsewhere(instance)
    paths(exact | more_exact, children | more_children)


def membership():
    """A city joined or left: the network page, its profiles, the coverage figures and exemplary cities."""
    network, index, guide = _path_of("NetworkPage"), _path_of("ShowcaseIndexPage"), _path_of("GuidePage")
    exact = {"/", *NETWORK_API_PATHS, *API_PATHS} | {path for path in (network, guide, index) if path}
    paths(exact, {path for path in (network, index) if path} | _city_profiles())


def site_paths(url_path):
    """The paths ``url_path`` is served at, one per site whose root it is under."""
    found = []
    for site in Site.get_site_root_paths():
        if url_path.startswith(site.root_path):
            found.append("/" + url_path[len(site.root_path) :])
    return found


def _ancestors(path):
    while path != "/":
        path = store.parent(path)
        yield path


def _shown_elsewhere(instance):
    from learning_city.guide.models import TaskPage
    from learning_city.showcases.models import ShowcasePage

    if isinstance(instance, ShowcasePage):
        tasks = {path for task in TaskPage.objects.live() for path in site_paths(task.url_path)}
        siblings = {store.parent(path) for path in site_paths(instance.url_path)}
        return tasks, siblings | _city_profiles()
    if isinstance(instance, TaskPage):
        index = _path_of("ShowcaseIndexPage")
        return ({index}, {index}) if index else (set(), set())
    return set(), set()


def _city_profiles():
    """The parent path of the network page's city profiles (``/network/city/<code>/``)."""
    network = _path_of("NetworkPage")
    return {network + "city/"} if network else set()


def _path_of(model_name):
    from learning_city.guide.models import GuidePage
    from learning_city.showcases.models import NetworkPage, ShowcaseIndexPage

    model = {"NetworkPage": NetworkPage, "ShowcaseIndexPage": ShowcaseIndexPage, "GuidePage": GuidePage}[model_name]
    found = model.objects.live().only("url_path").first()
    return next(iter(site_paths(found.url_path)), None) if found else None


def _renew(tokens):
    store.cache().set_many(tokens, None)


def _twice(function, *args):
    function(*args)
    transaction.on_commit(lambda: function(*args))


# --- the CDN ------------------------------------------------------------------------------------------


def _frontend(exact, children):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    wanted = set(exact) | {path for below in children for path in _live_paths_below(below)}
    urls = [site.root_url + path for site in Site.objects.all() for path in sorted(wanted)]
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def _live_paths_below(path):
    from learning_city.regions.models import NetworkMembership

    found = {each for each in _all_live_paths() if each.startswith(path) and each != path}
    if path in _city_profiles():
        codes = NetworkMembership.objects.values_list("city__code", flat=True)
        found.update(f"{path}{code}/" for code in codes)
    return found


def _all_live_paths():
    return {
        path for url_path in Page.objects.live().values_list("url_path", flat=True) for path in site_paths(url_path)
    }
