from wagtail import hooks

from home import dashboard

hooks.register("construct_homepage_panels", dashboard.add_panel)

# Wagtail's help menu links to its English editor guide and release notes on its own site, which editors
# cannot read and, on a closed network, cannot reach. What is left: the keyboard shortcuts.
ENGLISH_HELP = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def leave_out_the_english_guide(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(ENGLISH_HELP)]
