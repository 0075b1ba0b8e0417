from django.urls import path

from monev.notifications import views

app_name = "notifications"

urlpatterns = [
    path("pengiriman/", views.delivery_list, name="delivery_list"),
    path("pengiriman/<int:pk>/kirim-ulang/", views.delivery_retry, name="delivery_retry"),
    path("telegram/webhook/", views.telegram_webhook, name="telegram_webhook"),
]
