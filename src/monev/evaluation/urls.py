from django.urls import path

from monev.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("siklus/<int:pk>/olah-data/", views.processing, name="processing"),
    path("siklus/<int:pk>/olah-data/jelaskan/", views.resolve, name="resolve"),
]
