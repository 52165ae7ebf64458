"""Research questions in SPARQL: read the query library, set parameters, run a query on a graph.

Every .rq file is a complete SPARQL 1.1 query. Each parameter declared in its header
(`# param: NAME — description`) has its default in a `VALUES ?NAME { term }` block that opens
the outermost WHERE group, so the file runs as it is in any engine. A user's value replaces
that block's data as an RDF term (kg.sparql_text), never pasted text; the same text then goes
to rdflib, Oxigraph or a remote endpoint. Formatting results is kg.results'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from kg.build import PROJECT_DIR, build_graph
from kg.namespaces import PREFIXES
from kg.results import without_sources
from kg.sparql_text import TextError, head_values, substitute, term_for
from kg.store import engine_of

QUERIES_DIR = PROJECT_DIR / "queries"
QUERY_SUFFIX = ".rq"

_HEADER_KEY = re.compile(r"#\s*(title|question|source|param):\s*(.*)")
_CONTINUATION = re.compile(r"#\s{2,}(\S.*)")
_PARAMETER = re.compile(r"(?P<name>[A-Za-z_]\w*)\s*(?:—|\s-\s)\s*(?P<description>.+)")
_DECLARED_PREFIX = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.IGNORECASE | re.MULTILINE)


class QueryError(ValueError):
    """A query cannot run as asked: unknown name or parameter, or bad syntax. The message is one line."""


class RemoteError(RuntimeError):
    """A remote SPARQL endpoint refused or failed the query; the message is the server's own."""


@dataclass(frozen=True)
class Parameter:
    """A variable of a query that the user may set; `default` is its VALUES term as written."""

    name: str
    description: str
    default: str

    @property
    def default_value(self) -> str:
        """The default as a user would type it: a literal's text, an IRI without brackets."""
        plain = re.fullmatch(r'"([^"\\]*)"|<([^>]*)>', self.default)
        return next(group for group in plain.groups() if group is not None) if plain else self.default


@dataclass(frozen=True)
class StoredQuery:
    """A SPARQL query and what its header comment says: title, question, source, parameters."""

    name: str
    text: str
    title: str = ""
    question: str = ""
    source: str = ""
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None

    def values(self, values: Mapping[str, Any] | None = None) -> dict[str, Identifier]:
        """The user's values as RDF terms of their defaults' kind; names the parameter that is wrong."""
        values = dict(values or {})
        declared = {parameter.name: parameter for parameter in self.parameters}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            known = ", ".join(declared) or "none"
            raise QueryError(f"{self.name} has no parameter {unknown[0]!r} (its parameters: {known})")
        terms = {}
        for name, value in values.items():
            try:
                terms[name] = term_for(value, declared[name].default)
            except TextError as error:
                raise QueryError(f"{self.name}: parameter {name}: {error}") from None
        return terms

    def text_with(self, values: Mapping[str, Any] | None = None) -> str:
        """The query text with the user's values in place of the defaults (the text itself without)."""
        terms = self.values(values)
        return substitute(self.text, terms) if terms else self.text


def parse_header(text: str) -> dict[str, list[str]]:
    """The `# key: value` lines before the query (title, question, source, param); indented
    comment lines continue the previous value."""
    header: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        if key := _HEADER_KEY.match(line):
            current = header.setdefault(key[1], [])
            current.append(key[2].strip())
        elif current is not None and (more := _CONTINUATION.match(line)):
            current[-1] = f"{current[-1]} {more[1].strip()}"
        else:
            current = None
    return header


def parse_parameter(line: str, where: str, defaults: Mapping[str, Any]) -> Parameter:
    """`NAME — description` from a `# param:` line, with the default from the query's VALUES block."""
    match = _PARAMETER.fullmatch(line)
    if not match:
        raise QueryError(f"{where}: cannot read '# param: {line}'; write '# param: NAME — description'")
    name = match["name"]
    if name not in defaults:
        raise QueryError(f"{where}: parameter {name!r} needs its default as 'VALUES ?{name} {{ term }}' "
                         "opening the WHERE group")
    return Parameter(name, match["description"].strip(), defaults[name].data.strip())


def from_text(text: str, name: str, path: Path | None = None) -> StoredQuery:
    """A query from its text, with the header comment read."""
    header = parse_header(text)
    defaults = head_values(text)
    parameters = tuple(parse_parameter(line, name, defaults) for line in header.get("param", []))
    first = {key: values[0] for key, values in header.items() if key != "param"}
    return StoredQuery(name, text, first.get("title", ""), first.get("question", ""), first.get("source", ""),
                       parameters, path)


def read_query(path: Path | str) -> StoredQuery:
    """The query in a .rq file, named by the file name without its suffix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"no such query file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"cannot read query file {path}: {error}") from None
    return from_text(text, path.stem, path)


def list_queries(directory: Path | str = QUERIES_DIR) -> list[StoredQuery]:
    """Every research question in the library, by name."""
    return [read_query(path) for path in sorted(Path(directory).glob(f"*{QUERY_SUFFIX}"))]


def find_query(spec: str, directory: Path | str = QUERIES_DIR) -> StoredQuery:
    """A query named in the library, a path to a .rq file, or SPARQL text given directly."""
    if re.search(r"[\s{]", spec):
        return from_text(spec, "--sparql")
    library = Path(directory) / f"{spec}{QUERY_SUFFIX}"
    if library.is_file():
        return read_query(library)
    if spec.endswith(QUERY_SUFFIX) or Path(spec).is_file():
        return read_query(spec)
    names = ", ".join(query.name for query in list_queries(directory))
    raise QueryError(f"unknown query {spec!r}; the research questions are: {names}")


def available_prefixes(graph: Any) -> dict[str, str]:
    """The ontology's prefixes, plus the graph's own (region:, obs:, …) where it has them."""
    prefixes = dict(PREFIXES)
    if hasattr(graph, "namespaces"):
        prefixes.update({prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix})
    return prefixes


def check_syntax(text: str, where: str = "query", prefixes: Mapping[str, str] | None = None) -> None:
    """Raise QueryError naming line and column if `text` is not a SPARQL 1.1 query."""
    from pyparsing import ParseBaseException  # rdflib's SPARQL parser: loaded only to check a query
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text, initNs=dict(prefixes if prefixes is not None else PREFIXES))
    except ParseBaseException as error:
        found = error.line.strip()
        raise QueryError(
            f"{where}: syntax error at line {error.lineno}, column {error.col}: {error.msg} (in: {found[:60]})"
        ) from None
    except Exception as error:  # rdflib raises a bare Exception for an undeclared prefix
        prefix = re.fullmatch(r"Unknown namespace prefix : (.*)", str(error))
        if prefix:
            raise QueryError(f"{where}: unknown prefix '{prefix[1]}:'; declare it with PREFIX {prefix[1]}: <…>") from None
        raise QueryError(f"{where}: {error}") from None


def run(graph: Any, text: str, *, where: str = "query") -> Result:
    """Run a SPARQL query on `graph` (anything with rdflib's query()) with the ontology's prefixes
    available where the text does not declare them; SELECT, ASK, CONSTRUCT and DESCRIBE all
    return an rdflib Result. A remote endpoint's refusal raises RemoteError with its message."""
    prefixes = undeclared_prefixes(text, available_prefixes(graph))
    if engine_of(graph) is None:  # Oxigraph parses in microseconds and reports errors itself
        if _is_remote(graph):
            return _run_remote(graph, text, prefixes, where)
        check_syntax(text, where, prefixes)
    try:
        return graph.query(text, initNs=prefixes)
    except SyntaxError as error:  # from Oxigraph: explain it as rdflib's parser does
        check_syntax(text, where, prefixes)
        raise QueryError(f"{where}: syntax error: {str(error).splitlines()[0]}") from None


def undeclared_prefixes(text: str, prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes of `prefixes` that the query `text` does not declare itself."""
    declared = {prefix.lower() for prefix in _DECLARED_PREFIX.findall(text)}
    return {prefix: ns for prefix, ns in prefixes.items() if prefix.lower() not in declared}


def used_prefixes(text: str, prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes of `prefixes` that the query `text` uses (as `name:`)."""
    return {prefix: ns for prefix, ns in prefixes.items() if re.search(rf"(?<![\w<]){re.escape(prefix)}:", text)}


def _is_remote(graph: Any) -> bool:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(getattr(graph, "store", None), SPARQLStore)


def _run_remote(graph: Any, text: str, prefixes: Mapping[str, str], where: str) -> Result:
    from urllib.error import HTTPError

    check_syntax(text, where, prefixes)
    endpoint = graph.store.query_endpoint
    try:  # only the prefixes the text uses: some engines refuse a prefix declared twice
        return graph.query(text, initNs=used_prefixes(text, prefixes))
    except HTTPError as error:
        body = error.read().decode("utf-8", "replace").strip()
        reason = " ".join(body.split()[:60]) or error.reason
        raise RemoteError(f"{endpoint} answered {error.code}: {reason}") from None
    except OSError as error:  # URLError and the socket's own errors
        raise RemoteError(f"cannot reach {endpoint}: {getattr(error, 'reason', error)}") from None


def python_value(term: Identifier | None) -> Any:
    """A term as a plain Python value: IRIs and dates without a Python type as text, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    value = term.toPython()
    return str(term) if isinstance(value, Literal) else value


def records(result: Result) -> list[dict[str, Any]]:
    """The rows of a SELECT result as dicts of Python values, in the order of its columns."""
    return [{str(var): python_value(row.get(var)) for var in result.vars} for row in result.bindings]


def query(question: str, graph: Any = None, *, params: Mapping[str, Any] | None = None,
          with_sources: bool = True, dataframe: bool = False) -> Any:
    """Answer a research question (a name from queries/, a .rq path or SPARQL text) on `graph`
    (default: the graph built from the packaged data).

    SELECT gives a list of dicts, or a pandas DataFrame with dataframe=True (numbers as floats);
    ASK gives a bool; CONSTRUCT and DESCRIBE give an rdflib Graph.
    """
    stored = find_query(question)
    result = run(graph if graph is not None else build_graph(), stored.text_with(params), where=stored.name)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    if not with_sources:
        result = without_sources(result)
    rows = records(result)
    if not dataframe:
        return rows
    try:
        import pandas
    except ImportError:
        raise ImportError("query(..., dataframe=True) needs pandas: pip install pandas") from None
    return pandas.DataFrame(
        [{key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()} for row in rows],
        columns=[str(var) for var in result.vars],
    )
