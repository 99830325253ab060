"""Settings: one dataclass per stage, from code or a TOML file; unknown keys are errors."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import newslineage
from newslineage import Settings
from newslineage.cli import app

from conftest import EXAMPLES

PAIR = ("The coastguard said twelve passengers were treated for smoke inhalation after fire "
        "broke out on the ferry in the strait on Tuesday morning, forcing an evacuation.")


def test_toml_sets_a_stage_field(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[candidates]\nk_lexical = 5\nmin_shared = 10\n")
    st = Settings.from_toml(f)
    assert st.candidates.k_lexical == 5
    assert st.candidates.min_shared == 10.0 and isinstance(st.candidates.min_shared, float)
    assert st.candidates.k_names == Settings().candidates.k_names


@pytest.mark.parametrize("text, named", [
    ("[candidates]\nk_lexicl = 5\n", "candidates.k_lexicl"),
    ("[candidatez]\nk_lexical = 5\n", "[candidatez]"),
    ("[candidates]\nk_lexical = 'many'\n", "candidates.k_lexical"),
    ("[candidates]\nk_lexical = 5\n[[", "not valid TOML"),
    ("[read]\nmax_article_bytes = -1\n", "read.max_article_bytes must be a finite number >= 0"),
    ("[read]\nmax_inflation = 0\n", "read.max_inflation must be at least 1"),
    ("[candidates]\nmin_shared = nan\n", "candidates.min_shared"),
])
def test_bad_settings_name_the_file_and_key(tmp_path, text, named):
    f = tmp_path / "s.toml"
    f.write_text(text)
    with pytest.raises(ValueError) as e:
        Settings.from_toml(f)
    assert named in str(e.value) and str(f) in str(e.value)


def test_cli_config_error_exits_naming_the_key(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[candidates]\nno_such_knob = 1\n")
    res = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--config", str(f), "-q"])
    assert res.exit_code == 2
    assert "candidates.no_such_knob" in res.output


def test_analyze_passes_the_candidate_settings(tmp_path):
    # No lexical or names candidate and no embeddings: nothing is aligned, so no relation.
    st = Settings()
    st.candidates.k_lexical = 0
    st.candidates.k_names = 0
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PAIR + "\n\n" + PAIR)
    b.write_text(PAIR + "\n\n" + PAIR)
    kw = dict(embeddings=False, stories=False, quotes=False, workers=1)
    assert newslineage.analyze([str(tmp_path)], **kw).relations
    assert not newslineage.analyze([str(tmp_path)], settings=st, **kw).relations
