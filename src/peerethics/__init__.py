"""peerethics: the codes of ethics US peer specialists work under, as data you can query.

The library answers exactly as the command line does::

    from peerethics import load_catalog, search, resolve_principle, sanction_menu, compare
    catalog = load_catalog()
    hits = search(catalog, "can I give someone a ride home")
    menu = sanction_menu(catalog, resolve_principle(catalog, "MO-13"), "VS")

and the JSON the command line prints, from :mod:`peerethics.contract`::

    from peerethics import contract
    print(contract.dumps(contract.sanctions_json(catalog, menu)))

Names are imported lazily, so ``import peerethics`` costs next to nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing here would slow every start-up

__version__ = "0.1.0"

# name -> the module it comes from; a name equal to its module is the module itself
_EXPORTS = {
    "load_catalog": "catalog",
    "resolve_principle": "ids",
    "resolve_code": "ids",
    "search": "search_ranking",
    "SearchHit": "search_ranking",
    "sanction_menu": "sanctions",
    "SanctionMenu": "sanctions",
    "parse_level": "sanctions",
    "compare": "comparison",
    "Comparison": "comparison",
    "validate_paths": "validate",
    "PeerEthicsError": "errors",
    "DataError": "errors",
    "InputError": "errors",
    "Problem": "errors",
    "Catalog": "model",
    "Code": "model",
    "Principle": "model",
    "Topic": "model",
    "Tier": "model",
    "contract": "contract",
    "verify_quote": "verify",
    "Verification": "verify",
    "case_file": "worksheets",
    "CaseFile": "worksheets",
    "decision": "worksheets",
    "Decision": "worksheets",
}

__all__ = [
    "Catalog", "Code", "Comparison", "DataError", "InputError", "PeerEthicsError",
    "Principle", "Problem", "SanctionMenu", "SearchHit", "Tier", "Topic", "__version__", "compare",
    "contract", "load_catalog", "parse_level", "resolve_code", "resolve_principle",
    "sanction_menu", "search", "validate_paths", "verify_quote", "Verification",
    "case_file", "CaseFile", "decision", "Decision",
]

if TYPE_CHECKING:
    from typing import Any

    from . import contract
    from .catalog import load_catalog
    from .comparison import Comparison, compare
    from .errors import DataError, InputError, PeerEthicsError, Problem
    from .ids import resolve_code, resolve_principle
    from .model import Catalog, Code, Principle, Tier, Topic
    from .sanctions import SanctionMenu, parse_level, sanction_menu
    from .search_ranking import SearchHit, search
    from .validate import validate_paths
    from .verify import Verification, verify_quote
    from .worksheets import CaseFile, Decision, case_file, decision


def __dir__() -> list[str]:
    """What ``dir(peerethics)`` and tab completion in a REPL show: the public names, not yet
    imported (they are loaded on first use)."""
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'peerethics' has no attribute {name!r}")
    from importlib import import_module

    found = import_module(f".{module}", __name__)
    value = found if name == module else getattr(found, name)
    globals()[name] = value
    return value
