from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from learning_city.regions.models import City, NetworkMembership, Province


class ProvinceAdmin(ModelAdmin):
    model = Province
    menu_icon = "site"
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


class NetworkMembershipAdmin(ModelAdmin):
    model = NetworkMembership
    menu_icon = "group"
    list_display = ("city", "route", "joined_on", "application_reference", "is_demo")
    list_filter = ("route", "city__province__region", "is_demo")
    search_fields = ("city__name", "application_reference")
    list_select_related = ("city",)


@modeladmin_register
class RegionsGroup(ModelAdminGroup):
    menu_label = _("Regions")
    menu_icon = "site"
    menu_order = 300
    items = (NetworkMembershipAdmin, ProvinceAdmin, CityAdmin)
