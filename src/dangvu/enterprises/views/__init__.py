"""Enterprise pages: registry, one enterprise with its dated facts and contacts, coverage, work list,
follow-ups, spreadsheet import. Thin: parse, call a service or selector, render.

Split by concept into the modules below; every name stays importable from here."""

from .common import (  # noqa: F401
    FORMS,
    SCOPE_KINDS,
    _default_scope_id,
    _scope_id,
)
from .coverage import (  # noqa: F401
    coverage_page,
    work_list_page,
)
from .enterprises import (  # noqa: F401
    EDIT_FIELDS,
    _detail,
    _member_ref,
    _resolve_member,
    enterprise_action,
    enterprise_detail_page,
    enterprise_edit,
    enterprise_index,
    enterprise_new,
)
from .follow_ups import (  # noqa: F401
    follow_up_close_view,
    follow_up_list,
)
from .imports import (  # noqa: F401
    IMPORT_PAGE_ROWS,
    MAX_UPLOAD,
    import_batch,
    import_page,
    import_template,
)
from .registry import (  # noqa: F401
    REGISTRY,
    _registry_edit_page,
    _registry_initial,
    _registry_page,
    _registry_save,
    _require_registry,
    registry_create,
    registry_deactivate,
    registry_edit,
    registry_index,
)
from .workers import (  # noqa: F401
    enterprise_pick_view,
    worker_add,
    workers_elsewhere_page,
)
