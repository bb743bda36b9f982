from django.urls import path

from periods import views

app_name = "periods"
urlpatterns = [
    path("", views.period_list, name="period-list"),
    path("open/", views.period_change, {"action": "open"}, name="period-open"),
    path("close/", views.period_change, {"action": "close"}, name="period-close"),
]
