"""Whose entries a request works on, as the plain values ``entries`` takes."""


def owner(request):
    """The signed-in user, or else this browser's session (started if need be)."""
    if request.user.is_authenticated:
        return {"user": request.user}
    if not request.session.session_key:
        request.session.save()
    return {"session_key": request.session.session_key}


def visitor(request):
    """Like ``owner``, for screens that only read: a browser without a session has no entries, and
    reading must not start one (it would set a cookie, and the page could no longer be cached).
    None for such a browser."""
    if request.user.is_authenticated:
        return {"user": request.user}
    session_key = request.session.session_key
    return {"session_key": session_key} if session_key else None
