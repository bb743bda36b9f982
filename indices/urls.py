from django.urls import path

from indices import views

app_name = "indices"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.table_import, name="table-import"),
    path("import/confirm/", views.table_import_confirm, name="table-import-confirm"),
    path("results/new/", views.result_record, name="result-record"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
    path("<slug:code>/", views.index_detail, name="index-detail"),
    path("<slug:code>/compare/", views.index_compare, name="index-compare"),
    path("<slug:code>/history.xlsx", views.history_export, name="history-export"),
    path("<slug:code>/<int:year>/", views.year_detail, name="year-detail"),
    path("<slug:code>/<int:year>/remove/", views.year_delete, name="year-delete"),
    path("<slug:code>/<int:year>/table.xlsx", views.year_export, name="year-export"),
]
