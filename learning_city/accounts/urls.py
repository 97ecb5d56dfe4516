from django.urls import path

from learning_city.accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("applications/", views.applications, name="applications"),
]
