from django.urls import path

from dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.report_list, name="report-list"),
]
