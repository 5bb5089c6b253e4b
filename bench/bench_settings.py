"""Settings for the load benchmark's server: the project's, plus a bare JSON view at /bench/floor (bench_urls)."""

from dangvu.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
