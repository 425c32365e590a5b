from __future__ import annotations

from django.contrib import admin
from django.urls import path

from . import views, views_cluster, views_controls, views_home

urlpatterns = [
    path("", views_home.home, name="home"),
    path("clusters/new/", views_home.new_cluster, name="new_cluster"),
    path("join/<str:credential>/", views_home.join, name="join"),
    path("status/", views.status_page, name="status"),
    path("healthz", views.healthz, name="healthz"),
    path("c/<slug:name>/", views_cluster.cluster_page, name="cluster"),
    path("c/<slug:name>/inspect/", views_cluster.inspector, name="cluster-inspect"),
    path("c/<slug:name>/stream/", views_cluster.stream_stats, name="cluster-stream"),
    path("c/<slug:name>/control/<slug:action>/", views_controls.control, name="control"),
    path("c/<slug:name>/console/", views_controls.console_command, name="console"),
    path("c/<slug:name>/share/", views_controls.share, name="share"),
    path("c/<slug:name>/kubeconfig/<slug:role>/", views_controls.kubeconfig, name="kubeconfig"),
    path("admin/", admin.site.urls),
]
