from django.urls import path

from monev.annual import views

app_name = "annual"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>/pk/", views.pk_page, name="pk"),
    path("<int:year>/pk/buat/", views.pk_create, name="pk_create"),
    path("pk/versi/<int:pk>/tanda-tangan/", views.pk_sign, name="pk_sign"),
    path("pk/versi/<int:pk>/<str:kind>/", views.pk_download, name="pk_download"),
]
