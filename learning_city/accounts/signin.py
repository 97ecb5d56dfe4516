"""Sign-in lockouts (site and Wagtail admin alike): django-axes, counting failures in the cache.

Axes compares the larger of its counters with one limit; here each lockout parameter has its own
(``settings.LOGIN_FAILURE_LIMITS``): an account has one owner, but one client address may be a whole
office behind a NAT.
"""

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_cache_keys, get_cool_off, get_lockout_parameters
from django.conf import settings

from learning_city import throttle


class LoginFailureHandler(AxesCacheHandler):
    def is_locked(self, request, credentials=None):
        parameters = get_lockout_parameters(request, credentials)
        keys = get_client_cache_keys(request, credentials)  # in the order of the parameters
        return any(
            self.cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMITS[parameter]
            for parameter, key in zip(parameters, keys, strict=True)
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # The parent flags a lockout only at AXES_FAILURE_LIMIT (the largest of the limits).
        if request is not None and not self.is_allowed(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese "try again in N minutes" page, HTTP 429; every attempt while locked out restarts
    the cool-off, so the wait is the whole cool-off."""
    return throttle.too_many(request, int(get_cool_off(request).total_seconds()), reason="login")
