"""The .pyi stub of dsocore._core names exactly what the module has."""
import ast
import inspect
import os

import dsocore
from dsocore import _core


def _stub_names():
    path = os.path.join(os.path.dirname(dsocore.__file__), "_core.pyi")
    tree = ast.parse(open(path).read())
    top, members = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            top.add(node.target.id)
        if isinstance(node, ast.ClassDef):
            members[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
    return top, members


def test_stub_matches_module():
    top, members = _stub_names()
    public = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    assert top == public
    for cls, names in members.items():
        obj = getattr(_core, cls)
        if issubclass(obj, BaseException):
            continue  # code/diagnostics are set on instances
        actual = {n for n, _ in inspect.getmembers(obj) if not n.startswith("_")}
        assert names == actual, cls


def test_py_typed_ships():
    assert os.path.exists(os.path.join(os.path.dirname(dsocore.__file__), "py.typed"))
