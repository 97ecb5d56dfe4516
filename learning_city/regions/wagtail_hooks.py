from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from learning_city.regions.models import City, NetworkMembership, Province


class ProvinceAdmin(ModelAdmin):
    model = Province
    menu_icon = "list-ul"
    list_display = ("code", "name", "region", "kind")
    list_filter = ("region", "kind")
    search_fields = ("name", "code")
    inspect_view_enabled = True


class CityAdmin(ModelAdmin):
    model = City
    menu_icon = "home"
    list_display = ("code", "name", "province", "kind", "is_provincial_capital", "is_separately_planned")
    list_filter = ("province__region", "kind", "is_provincial_capital", "is_separately_planned", "province")
    search_fields = ("name", "code")
    list_select_related = ("province",)
    inspect_view_enabled = True


@modeladmin_register
class NetworkMembershipAdmin(ModelAdmin):
    """ "网络成员" has a sidebar entry of its own: it is what editors look for, not reference data."""

    model = NetworkMembership
    menu_icon = "group"
    menu_order = 270
    list_display = ("city", "route", "joined_on", "application_reference", "is_demo")
    list_filter = ("route", "city__province__region", "is_demo")
    search_fields = ("city__name", "application_reference")
    list_select_related = ("city",)


@modeladmin_register
class RegionsGroup(ModelAdminGroup):
    """Reference data (provinces and cities): a globe, not the "site" icon Wagtail gives 报告 (reports)."""

    menu_label = _("Regions")
    menu_icon = "globe"
    menu_order = 8000
    items = (ProvinceAdmin, CityAdmin)
