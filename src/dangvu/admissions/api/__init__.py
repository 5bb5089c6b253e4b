"""Admission work over JSON: candidates, courses (enrollments, results), admission, probation, figures.

Split by concept into the modules below; every name stays importable from here."""

from .base import (  # noqa: F401
    router,
)
from .candidates import (  # noqa: F401
    _candidate,
    _candidate_detail,
    candidate_admit,
    candidate_create,
    candidate_detail,
    candidate_list,
    candidate_withdraw,
)
from .courses import (  # noqa: F401
    _course,
    _course_detail,
    course_create,
    course_detail,
    course_enroll,
    course_list,
    course_results,
)
from .probation import (  # noqa: F401
    admissions_report,
    probation_list,
    probation_recognitions,
)
from .schemas import (  # noqa: F401
    MAX_BULK,
    AdmitIn,
    AdmitOut,
    CandidateDetailOut,
    CandidateFilters,
    CandidateIn,
    CandidateOut,
    CandidatePageOut,
    CourseDetailOut,
    CourseFilters,
    CourseIn,
    CourseOut,
    CoursePageOut,
    EnrollIn,
    EnrollmentOut,
    FiguresQuery,
    ProbationFilters,
    ProbationOut,
    RecognitionIn,
    RecognitionOut,
    RecognitionsIn,
    ResultIn,
    ResultsIn,
    StepOut,
    WithdrawIn,
)
