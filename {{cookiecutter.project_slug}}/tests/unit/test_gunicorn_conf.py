"""gunicorn.conf.py: as many workers as the CPUs the container may use, not the host's CPUs."""

import runpy
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from ..support.database import PROJECT_ROOT

CONF = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
cpu_quota = CONF["cpu_quota"]
usable_cpus = CONF["usable_cpus"]


class CgroupFolderTestCase(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.root = Path(folder.name)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


class CpuQuotaTest(CgroupFolderTestCase):
    def test_cgroup_v2_quota_in_cpus(self) -> None:
        self.write("cpu.max", "150000 100000\n")
        self.assertEqual(cpu_quota(self.root), 1.5)

    def test_cgroup_v2_without_a_limit(self) -> None:
        self.write("cpu.max", "max 100000\n")
        self.assertIsNone(cpu_quota(self.root))

    def test_cgroup_v1_quota_in_cpus(self) -> None:
        self.write("cpu/cpu.cfs_quota_us", "200000\n")
        self.write("cpu/cpu.cfs_period_us", "100000\n")
        self.assertEqual(cpu_quota(self.root), 2.0)

    def test_cgroup_v1_without_a_limit(self) -> None:
        self.write("cpu/cpu.cfs_quota_us", "-1\n")
        self.write("cpu/cpu.cfs_period_us", "100000\n")
        self.assertIsNone(cpu_quota(self.root))

    def test_no_cgroup_files_means_no_quota(self) -> None:
        self.assertIsNone(cpu_quota(self.root))


class UsableCpusTest(CgroupFolderTestCase):
    def test_a_quota_caps_the_cpus_rounding_up(self) -> None:
        self.write("cpu.max", "150000 100000\n")
        with mock.patch("os.sched_getaffinity", return_value=set(range(64)), create=True):
            self.assertEqual(usable_cpus(self.root), 2)

    def test_a_quota_under_one_cpu_still_gives_one(self) -> None:
        self.write("cpu.max", "50000 100000\n")
        with mock.patch("os.sched_getaffinity", return_value=set(range(64)), create=True):
            self.assertEqual(usable_cpus(self.root), 1)

    def test_the_affinity_counts_when_it_is_smaller_than_the_quota(self) -> None:
        self.write("cpu.max", "800000 100000\n")
        with mock.patch("os.sched_getaffinity", return_value={0, 1}, create=True):
            self.assertEqual(usable_cpus(self.root), 2)
