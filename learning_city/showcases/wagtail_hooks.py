from wagtail import hooks

from learning_city.showcases import moderation


@hooks.register("register_admin_viewset")
def showcase_listing():
    return moderation.ShowcaseListingViewSet()


hooks.register("construct_homepage_panels", moderation.add_panel)
