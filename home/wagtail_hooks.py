from wagtail import hooks

from home import dashboard

hooks.register("construct_homepage_panels", dashboard.add_panel)
