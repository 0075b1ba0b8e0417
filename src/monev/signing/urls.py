from django.urls import path

from monev.signing import views

app_name = "signing"

urlpatterns = [
    path("segel/", views.seal_page, name="seal"),
]
