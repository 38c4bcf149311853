"""Getting Odoo when this Python has none (tools/oe_dev.py, bootstrap_odoo): from a local source, never the network.

A minimal `odoo` package, as a source folder and as archives, stands for Odoo's source; a temporary
site-packages folder stands for the Python's. `import odoo` is proved in a subprocess that sees only that
folder (``-I -S``, then ``site.addsitedir``), so the Odoo of the machine running the tests cannot answer.
"""

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import oe_dev

PROBE = (
    "import site, sys; site.addsitedir(sys.argv[1]); import odoo, odoo.release;"
    "print(odoo.__file__); print(odoo.release.major_version)"
)


def _source_tree(root):
    """A minimal Odoo 18.0 source tree: root/odoo-18.0 with the odoo package and a requirements.txt."""
    tree = root / "odoo-18.0"
    (tree / "odoo").mkdir(parents=True)
    (tree / "odoo" / "__init__.py").write_text("version_info = (18, 0, 0, 'final', 0)\n")
    (tree / "odoo" / "release.py").write_text("version_info = (18, 0, 0, 'final', 0)\nmajor_version = '18.0'\n")
    (tree / "requirements.txt").write_text("# Odoo's requirements (the project's requirements.txt pins them)\n")
    return tree


def _tar_gz(tree, path):
    with tarfile.open(path, "w:gz") as archive:
        archive.add(tree, arcname=tree.name)
    return path


def _zip(tree, path):
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(tree.rglob("*")):
            archive.write(file, file.relative_to(tree.parent))
    return path


def _imported_odoo(site_dir):
    """(odoo.__file__, major_version) as a Python seeing only site_dir imports them."""
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", PROBE, str(site_dir)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    package_file, version = done.stdout.split()
    return Path(package_file), version


@pytest.fixture
def no_download(monkeypatch):
    def refuse(url, dest):
        raise AssertionError(f"downloaded {url}")

    monkeypatch.setattr(oe_dev, "download", refuse)


@pytest.fixture
def unpacks(monkeypatch):
    """How many archives get unpacked."""
    calls = []
    real = oe_dev.extract_archive

    def counting(archive, dest):
        calls.append(archive)
        return real(archive, dest)

    monkeypatch.setattr(oe_dev, "extract_archive", counting)
    return calls


@pytest.mark.parametrize("pack", [_tar_gz, _zip], ids=["tar.gz", "zip"])
def test_bootstrap_from_an_archive_unpacks_once_and_imports(tmp_path, no_download, unpacks, pack):
    archive = pack(_source_tree(tmp_path / "src"), tmp_path / f"odoo-18.0{'.zip' if pack is _zip else '.tar.gz'}")
    cache, site_dir = tmp_path / "cache", tmp_path / "site-packages"
    env = {"OE_ODOO_SOURCE": str(archive)}

    tree, pth = oe_dev.bootstrap_odoo(env, cache_dir=cache, site_dir=site_dir)

    assert tree == cache / "tree" / "odoo-18.0"
    assert pth == site_dir / "odoo.pth"
    assert pth.read_text().strip() == str(tree.resolve())
    package_file, version = _imported_odoo(site_dir)
    assert package_file == tree.resolve() / "odoo" / "__init__.py"
    assert version == "18.0"
    assert len(unpacks) == 1

    # A second run (say the .pth was lost) reuses the unpacked tree.
    pth.unlink()
    assert oe_dev.bootstrap_odoo(env, cache_dir=cache, site_dir=site_dir)[0] == tree
    assert len(unpacks) == 1
    assert _imported_odoo(site_dir)[0] == package_file


def test_bootstrap_from_a_folder_uses_it_in_place(tmp_path, no_download, unpacks):
    tree = _source_tree(tmp_path / "src")
    site_dir = tmp_path / "site-packages"
    for source in (tree, tree.parent):  # the tree itself, or the folder holding it
        found, _pth = oe_dev.bootstrap_odoo(
            {"OE_ODOO_SOURCE": str(source)}, cache_dir=tmp_path / "cache", site_dir=site_dir
        )
        assert found == tree.resolve()
        assert _imported_odoo(site_dir) == (tree.resolve() / "odoo" / "__init__.py", "18.0")
    assert not unpacks
    assert not (tmp_path / "cache").exists()


def test_a_new_archive_is_unpacked_again(tmp_path, no_download, unpacks):
    src = _source_tree(tmp_path / "src")
    archive = _tar_gz(src, tmp_path / "odoo.tgz")
    env, cache, site_dir = {"OE_ODOO_SOURCE": str(archive)}, tmp_path / "cache", tmp_path / "site"
    oe_dev.bootstrap_odoo(env, cache_dir=cache, site_dir=site_dir)
    (src / "odoo" / "release.py").write_text("version_info = (18, 0, 1, 'final', 0)\nmajor_version = '18.0'\n# new\n")
    _tar_gz(src, archive)
    oe_dev.bootstrap_odoo(env, cache_dir=cache, site_dir=site_dir)
    assert len(unpacks) == 2
    assert "# new" in (cache / "tree" / "odoo-18.0" / "odoo" / "release.py").read_text()


def test_without_source_the_official_archive_is_downloaded_once(tmp_path, monkeypatch, unpacks):
    archive = _tar_gz(_source_tree(tmp_path / "src"), tmp_path / "built.tar.gz")
    downloads = []

    def fake_download(url, dest):
        downloads.append(url)
        Path(dest).write_bytes(archive.read_bytes())

    monkeypatch.setattr(oe_dev, "download", fake_download)
    cache, site_dir = tmp_path / "cache", tmp_path / "site"
    for _ in range(2):
        tree, _pth = oe_dev.bootstrap_odoo({}, cache_dir=cache, site_dir=site_dir)
    assert downloads == ["https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz"]
    assert (cache / "18.0.tar.gz").is_file()
    assert len(unpacks) == 1
    assert _imported_odoo(site_dir)[0] == tree.resolve() / "odoo" / "__init__.py"


def _bad_sources(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not odoo")
    (tmp_path / "broken.tar.gz").write_text("not a tar file")
    other = tmp_path / "other"
    (other / "pkg").mkdir(parents=True)
    (other / "pkg" / "__init__.py").write_text("")
    _tar_gz(other, tmp_path / "other.tar.gz")
    return {
        "missing": (tmp_path / "nowhere", "no such folder or archive"),
        "folder without odoo": (tmp_path / "empty", "no Odoo source tree there"),
        "not an archive": (tmp_path / "notes.txt", "not an archive"),
        "broken archive": (tmp_path / "broken.tar.gz", "cannot be unpacked"),
        "archive without odoo": (tmp_path / "other.tar.gz", "holds no Odoo source tree"),
    }


def test_a_bad_source_is_a_clear_error(tmp_path, no_download):
    for source, message in _bad_sources(tmp_path).values():
        with pytest.raises(oe_dev.Abort, match=message):
            oe_dev.bootstrap_odoo(
                {"OE_ODOO_SOURCE": str(source)}, cache_dir=tmp_path / "cache", site_dir=tmp_path / "site"
            )
        assert not (tmp_path / "site" / "odoo.pth").exists()
        assert not (tmp_path / "cache" / "tree.unpacking").exists()


def test_the_commands_report_a_bad_source_in_one_line(tmp_path, monkeypatch, capsys, no_download):
    """When Odoo is missing, `make test` says what is wrong with OE_ODOO_SOURCE: no traceback, no download."""
    monkeypatch.setattr(oe_dev, "odoo_package_dir", lambda: None)
    monkeypatch.setattr(oe_dev, "ODOO_CACHE", tmp_path / "cache")
    monkeypatch.setenv("OE_ODOO_SOURCE", str(tmp_path / "nowhere.tar.gz"))
    assert oe_dev.main(["test"]) == 2
    out, err = capsys.readouterr()
    assert f"[oe] ERROR: OE_ODOO_SOURCE={tmp_path / 'nowhere.tar.gz'}: no such folder or archive." in err
    assert "Traceback" not in out + err
    assert "0 passed, 1 failed" in out


def test_a_failed_download_is_a_clear_error(tmp_path, monkeypatch):
    def unreachable(url, timeout):
        raise oe_dev.urllib.error.URLError("no network")

    monkeypatch.setattr(oe_dev.urllib.request, "urlopen", unreachable)
    with pytest.raises(oe_dev.Abort, match="(?s)could not be downloaded.*no network.*OE_ODOO_SOURCE"):
        oe_dev.bootstrap_odoo({}, cache_dir=tmp_path / "cache", site_dir=tmp_path / "site")
    assert list((tmp_path / "cache").iterdir()) == []  # no half download left to be taken for a whole one


def test_missing_build_packages():
    assert oe_dev.missing_build_packages(which=lambda name: None, exists=lambda path: False) == [
        "libpq-dev",
        "libldap2-dev",
        "libsasl2-dev",
    ]
    assert oe_dev.missing_build_packages(which=lambda name: f"/usr/bin/{name}", exists=lambda path: True) == []
