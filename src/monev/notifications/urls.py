from django.urls import path

from monev.notifications import views

app_name = "notifications"

urlpatterns = [
    path("telegram/webhook/", views.telegram_webhook, name="telegram_webhook"),
]
