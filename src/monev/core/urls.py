from django.urls import path

from monev.core import views

app_name = "core"

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("<int:pk>/", views.audit_detail, name="audit_detail"),
]
