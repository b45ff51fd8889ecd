from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="reports"),
    path("refresh/", views.report_refresh, name="refresh"),
    path("<slug:key>.csv", views.report_csv, name="csv"),
]
