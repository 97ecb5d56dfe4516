"""Putting shipped pages in the page tree: create, or overwrite, then publish — written once for every app's loader.

A plain module rather than an app: it knows only Wagtail's ``Page``, so any app's loader may use it.
"""


def publish(page):
    """Publish ``page`` as it is now, with an entry in its history."""
    page.save_revision(log_action=True).publish()


def create_or_overwrite(parent, page_type, *, find=None, fill=None, overwrite=False, **fields):
    """Create a ``page_type`` page under ``parent``, or overwrite the one already there; publish it.

    The page already there is the first child of ``parent`` of that type matching the lookups in
    ``find`` (any child of that type when ``find`` is None). It is left as editors made it unless
    ``overwrite`` is set. ``fields`` are set only on a new page (slug, menu flags); ``fill(page)``
    puts the shipped text on it, new or overwritten.

    Returns ``(page, changed)``: changed is True when the page was created or overwritten.
    """
    page = page_type.objects.child_of(parent).filter(**(find or {})).first()
    if page is not None and not overwrite:
        return page, False
    created = page is None
    if created:
        page = page_type(**fields)
    if fill is not None:
        fill(page)
    if created:
        parent.add_child(instance=page)
    publish(page)
    return page, True
