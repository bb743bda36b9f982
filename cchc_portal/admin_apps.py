from django.contrib.admin.apps import AdminConfig


class CchcAdminConfig(AdminConfig):
    # Admin pages follow agencies.rules (role "admin"), not Django's is_staff flag.
    default_site = "cchc_portal.admin_site.CchcAdminSite"
