"""Whose entries a request works on, as the plain values ``entries`` takes."""


def owner(request):
    """The signed-in user, or else this browser's session (started if need be)."""
    if request.user.is_authenticated:
        return {"user": request.user}
    if not request.session.session_key:
        request.session.save()
    return {"session_key": request.session.session_key}
