from django.urls import path

from learning_city.accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("verify/<str:uidb64>/<str:token>/", views.ConfirmView.as_view(), name="verify"),
    # Before django.contrib.auth.urls (config/urls.py): the same URL and name, rate-limited.
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("applications/", views.applications, name="applications"),
]
