"""The page cache: anonymous visitors' pages served whole from the cache, purged at every publish.

``policy`` says what may be cached, ``store`` keeps and finds pages, ``wsgi`` answers kept pages before
Django runs, ``middleware`` keeps them (and answers where Django is called directly), ``purge`` knows
which pages show what and empties them, ``signals`` hooks it to Wagtail.
"""
