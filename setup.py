"""
Build hook: a wheel carries the vectors and the adapter protocol's schemas.

The vector tree stays at the repository's top (``vectors/``, where every area's fillers write
and where reviews see it); building a wheel copies it, with ``conformance/schemas/``, into the
package as ``ain_ref/_bundled/``, which ``ain_ref.repository`` reads when the package is not in a
checkout. Editable installs read the checkout directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = {"vectors": HERE / "vectors", "schemas": HERE / "conformance" / "schemas"}


class BuildWithVectors(build_py):
    """``build_py`` that also copies the vectors and protocol schemas into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "ain_ref" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)
        for name, source in BUNDLED.items():
            shutil.copytree(source, target / name)


setup(cmdclass={"build_py": BuildWithVectors})
