"""
The AWS Nitro Enclaves root certificate, which the production chain pins for ``nitro``.

AWS_NitroEnclaves_Root-G1: its DER bytes, as published by AWS (docs.aws.amazon.com/enclaves,
"Verifying the root of trust": SHA-256 fingerprint 641a0321...79bb5b), the same bytes as
``tests/data/tee/aws-nitro-root.der.b64``. Verdicts never read it from here: a chain reads
its pinned root from state ([AIN-EXEC-CHAIN-TEE-ROOT.1]); this module only supplies the
production genesis's value.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-TEE-ROOT.1]).
Layer: jobs (tee). Imports nothing of ain_ref.
"""

from __future__ import annotations

from typing import Final

AWS_NITRO_ROOT_DER: Final = bytes.fromhex(
    "3082021130820196a003020102021100f93175681b90afe11d46ccb4e4e7f856300a06082a8648ce3d040303"
    "3049310b3009060355040613025553310f300d060355040a0c06416d617a6f6e310c300a060355040b0c0341"
    "5753311b301906035504030c126177732e6e6974726f2d656e636c61766573301e170d313931303238313332"
    "3830355a170d3439313032383134323830355a3049310b3009060355040613025553310f300d060355040a0c"
    "06416d617a6f6e310c300a060355040b0c03415753311b301906035504030c126177732e6e6974726f2d656e"
    "636c617665733076301006072a8648ce3d020106052b8104002203620004fc0254eba608c1f36870e29ada90"
    "be46383292736e894bfff672d989444b5051e534a4b1f6dbe3c0bc581a32b7b176070ede12d69a3fea211b66"
    "e752cf7dd1dd095f6f1370f4170843d9dc100121e4cf63012809664487c9796284304dc53ff4a3423040300f"
    "0603551d130101ff040530030101ff301d0603551d0e041604149025b50dd90547e796c396fa729dcf99a9df"
    "4b96300e0603551d0f0101ff040403020186300a06082a8648ce3d0403030369003066023100a37f2f91a1c9"
    "bd5ee7b8627c1698d255038e1f0343f95b63a9628c3d39809545a11ebcbf2e3b55d8aeee71b4c3d6adf30231"
    "00a2f39b1605b27028a5dd4ba069b5016e65b4fbde8fe0061d6a53197f9cdaf5d943bc61fc2beb03cb6fee8d"
    "2302f3dff6"
)
"""The root certificate, DER (533 bytes; SHA-256 641a0321a3e244ef...3c68f79bb5b)."""
