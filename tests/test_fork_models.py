"""A process that used the e5 model can still fork pool workers that use it (GNU OpenMP hangs
a forked child once the parent started its thread pool): a store adds batch after batch, and
the service checks and adds, in one long-lived process."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT

SCRIPT = textwrap.dedent("""
    from newslineage import embed
    from newslineage.parallel import map_batches

    def dims(batch):
        return [embed.encode_e5([s]).shape[1] for s in batch]

    if __name__ == "__main__":
        assert embed.encode_e5(["the parent encodes first"]).shape == (1, 384)
        out = map_batches(dims, [f"sentence {i}" for i in range(800)], workers=2, batch_size=100)
        print(sum(out))
""")


def test_workers_forked_after_the_parent_used_e5(tmp_path):
    script = tmp_path / "fork_e5.py"
    script.write_text(SCRIPT)
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(800 * 384)
