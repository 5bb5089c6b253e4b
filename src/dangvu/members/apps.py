from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangvu.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self) -> None:
        """A move in the tree lowers the snapshot watermark (month-end rows keep the root of their date)."""
        from dangvu.core.hooks import register

        from .snapshots import on_org_moved

        register("org_moved", on_org_moved)
