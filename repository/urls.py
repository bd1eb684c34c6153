from django.urls import path

from repository import views

app_name = "repository"
urlpatterns = [
    path("files/<int:pk>/", views.download_file, name="download_file"),
    path("notices/<int:page_id>/acknowledge/", views.acknowledge, name="acknowledge_notice"),
]
