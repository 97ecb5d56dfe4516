"""``{% submitted_panel entry %}``: what a form's purpose adds to a submitted entry's pages.

The forms app knows no purpose: the purpose's ``submitted_panel`` hook names a template and its context
(see ``purposes.py``); this tag renders it, or nothing. ``{% submitted_panel entry as panel %}`` keeps it in
a variable, e.g. to show the printable copy's button only when the purpose has no panel.
"""

from django import template
from django.template.loader import render_to_string

from learning_city.forms import purposes

register = template.Library()


@register.simple_tag(takes_context=True)
def submitted_panel(context, entry, place="page"):
    request = context.get("request")
    found = purposes.get(entry.page.purpose).submitted_panel(request, entry, place)
    if not found:
        return ""
    template_name, panel_context = found
    return render_to_string(template_name, panel_context, request=request)
