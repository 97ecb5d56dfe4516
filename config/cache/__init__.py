"""The page cache: anonymous visitors' pages served whole from the cache, purged at every publish.

``policy`` says what may be cached, ``store`` keeps and finds pages, ``middleware`` puts them in front
of the site, ``purge`` knows which pages show what and empties them, ``signals`` hooks it to Wagtail.
"""
