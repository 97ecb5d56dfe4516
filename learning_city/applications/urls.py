"""The applicant's and the reviewers' links to an application's paper trail (``views.py``)."""

from django.urls import path

from learning_city.applications import views

app_name = "city_applications"

urlpatterns = [
    path("<str:reference>/form.pdf", views.form_pdf, name="form_pdf"),
    path("<str:reference>/stamped-scan/", views.upload_scan, name="upload_scan"),
    path("<str:reference>/stamped-scan/<int:pk>/", views.stamped_scan, name="stamped_scan"),
]
