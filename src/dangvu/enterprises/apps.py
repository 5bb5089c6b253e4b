from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "dangvu.enterprises"
    label = "enterprises"
    verbose_name = "Doanh nghiệp ngoài khu vực nhà nước"
