"""
ain-ref: the reference implementation and executable specification of the AI Network protocol.

Spec: spec/00-conventions.md. Versions: ``SPEC_VERSION`` is the prose spec's version,
``VECTOR_FORMAT_VERSION`` the vector files' format, ``ADAPTER_PROTOCOL_VERSION`` the
conformance adapter protocol's ([AIN-CONV-VERSIONS.1]).
"""

from typing import Final

__version__: Final = "0.1.0"
SPEC_VERSION: Final = "0.1.0"
VECTOR_FORMAT_VERSION: Final = 1
ADAPTER_PROTOCOL_VERSION: Final = 1


def version_text() -> str:
    """
    The three published versions, as ``ain-ref --version`` prints them.

    References
    ----------
    [AIN-CONV-VERSIONS.1] Spec version, vector format version, adapter protocol version.
    """
    return (
        f"ain-ref {__version__} (spec {SPEC_VERSION}, vector format {VECTOR_FORMAT_VERSION},"
        f" adapter protocol {ADAPTER_PROTOCOL_VERSION})"
    )


# The protocol's areas register from one table whichever module is imported first
# ([AIN-PLAT-AREA.1]); imported last, so every module above can be imported by them.
from ain_ref.platform.areas import install_areas  # noqa: E402

install_areas()
