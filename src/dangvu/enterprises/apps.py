from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "dangvu.enterprises"
    label = "enterprises"
    verbose_name = "Doanh nghiệp ngoài khu vực nhà nước"

    def ready(self) -> None:
        from dangvu.core.hooks import register

        from .links import check_links

        # `dangvu rebuild --check` (members layer) reports the registry's dated links through this hook.
        register("projection_checks", check_links)
