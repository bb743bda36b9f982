from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="agency-list"),
    path("<str:code>/", views.agency_detail, name="agency-detail"),
]
