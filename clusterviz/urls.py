from __future__ import annotations

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.status_page, name="status"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
