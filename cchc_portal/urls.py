from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from cchc_portal import views
from cchc_portal.forms import LoginForm

urlpatterns = [
    path("", include("dashboard.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("system/", views.system_status, name="system-status"),
    path("agencies/", include("agencies.urls")),
    path("periods/", include("periods.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("meetings/", include("meetings.urls")),
    path("indices/", include("indices.urls")),
    path("admin/", admin.site.urls),
]
