"""The course's TeX formulas (`$...$`) as readable Unicode for the terminal: ŷ, Σᵢ, ½, (a + b)/n."""

from __future__ import annotations

import re
import unicodedata

GREEK = {name: chr(code) for name, code in [
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5), ("varepsilon", 0x3B5),
    ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("iota", 0x3B9), ("kappa", 0x3BA), ("lambda", 0x3BB),
    ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4),
    ("upsilon", 0x3C5), ("phi", 0x3C6), ("varphi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
    ("Gamma", 0x393), ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39B), ("Xi", 0x39E), ("Pi", 0x3A0),
    ("Sigma", 0x3A3), ("Phi", 0x3A6), ("Psi", 0x3A8), ("Omega", 0x3A9)]}
SYMBOLS = {"sum": "Σ", "prod": "Π", "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "top": "ᵀ",
           "cdots": "…", "ldots": "…", "dots": "…", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
           "vert": "|", "Vert": "‖", "|": "‖", "{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_",
           ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "    "}
RELATIONS = {"cdot": "·", "times": "×", "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
             "neq": "≠", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "in": "∈", "mid": "|",
             "pm": "±", "sim": "~", "propto": "∝", "equiv": "≡", "gets": "←", "cdotp": "·"}
OPENING = {"partial", "nabla", "lvert", "lVert"}  # symbols that attach to what follows them
NAMED = {"log", "ln", "exp", "min", "max", "arg", "sin", "cos", "tanh", "det", "lim", "sup", "inf"}
DROPPED = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "displaystyle", "textstyle", "limits"}
FONTS = {"mathrm", "text", "operatorname", "mathbf", "mathit", "textbf", "textit", "mathsf", "boldsymbol", "mathcal"}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
           "vec": "\u20d7"}
FRACTIONS = {("1", "2"): "½", ("1", "3"): "⅓", ("2", "3"): "⅔", ("1", "4"): "¼", ("3", "4"): "¾", ("1", "5"): "⅕",
             ("1", "6"): "⅙", ("1", "8"): "⅛"}
BLACKBOARD = dict(zip("RNZQCEP1", "ℝℕℤℚℂ𝔼ℙ𝟙"))
_SUPER = dict(zip("0123456789+-=()nijkmTabcdefghlprstuvwxyzABDEGHIJKLMNOPRUVWβγδθφχ−ᵀ",
                  "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵐᵀᵃᵇᶜᵈᵉᶠᵍʰˡᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂᵝᵞᵟᶿᵠᵡ⁻ᵀ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ−", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋"))
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\s+)|(.)", re.DOTALL)
_NUMBER = re.compile(r"[0-9.]+")


def render(text: str) -> str:
    """`text` with every `$...$` and `$$...$$` formula rendered as Unicode; the words around them unchanged."""
    return _MATH.sub(lambda match: to_unicode(match.group(1) or match.group(2)), text)


def to_unicode(tex: str) -> str:
    """One TeX formula (without its dollars) as Unicode."""
    tokens = [(m.group(1), m.group(2), m.group(3)) for m in _TOKEN.finditer(tex)]
    rendered = _Parser(tokens).run()
    return unicodedata.normalize("NFC", re.sub(r"  +", " ", rendered).strip())


class _Parser:
    """A small recursive reader of TeX tokens: (command, space, character) triples."""

    def __init__(self, tokens: list[tuple[str | None, str | None, str | None]]) -> None:
        self.tokens = tokens
        self.at = 0

    def run(self) -> str:
        return self.sequence(end=None)

    def sequence(self, end: str | None) -> str:
        out = ""
        while self.at < len(self.tokens):
            char = self.tokens[self.at][2]
            if char is not None and char == end:
                self.at += 1
                return out
            out = self.item(out)
        return out

    def item(self, out: str) -> str:
        command, space, char = self.tokens[self.at]
        self.at += 1
        if space is not None:
            return out + " "
        if char is not None:
            if char == "{":
                return out + self.sequence("}")
            if char in "^_":
                return out + script_text(self.argument(), superscript=char == "^")
            if char == "&":
                return out + "  "
            if char == "~":
                return out + " "
            return out + char
        return self.command(command or "", out)

    def skip_space(self) -> None:
        while self.at < len(self.tokens) and self.tokens[self.at][1] is not None:
            self.at += 1

    def argument(self) -> str:
        """The next argument: a braced group, a command, or one character."""
        self.skip_space()
        if self.at >= len(self.tokens):
            return ""
        command, _, char = self.tokens[self.at]
        if char == "{":
            self.at += 1
            return self.sequence("}")
        if command is not None:
            self.at += 1
            return self.command(command, "")
        self.at += 1
        return char or ""

    def raw_argument(self) -> str:
        """A braced argument's text, unparsed (\\begin{cases}, \\mathbb{R})."""
        self.skip_space()
        if self.at < len(self.tokens) and self.tokens[self.at][2] == "{":
            self.at += 1
            text = ""
            while self.at < len(self.tokens) and self.tokens[self.at][2] != "}":
                command, space, char = self.tokens[self.at]
                text += char or space or command or ""
                self.at += 1
            self.at += 1
            return text
        return self.argument()

    def next_is_word(self, also: str = "") -> bool:
        """Whether a word comes next (past \\left and its kin), which must not run into what came before."""
        at = self.at
        while at < len(self.tokens) and self.tokens[at][0] in DROPPED:
            at += 1
        if at >= len(self.tokens):
            return False
        command, _, char = self.tokens[at]
        return bool(char and (char.isalnum() or char in also)) or bool(command and command.isalpha()) or char == "{"

    def command(self, name: str, out: str) -> str:
        if name.isalpha() and name not in SYMBOLS and name not in GREEK and name not in RELATIONS or name in OPENING:
            self.skip_space()  # TeX swallows the spaces after a command word; kept after a symbol, for reading
        if name in ("frac", "tfrac", "dfrac"):
            numerator, denominator = self.argument(), self.argument()
            fraction = fraction_text(numerator, denominator)
            return out + (" " if _ends_term(out) else "") + fraction + (" " if self.next_is_word("(") else "")
        if name == "sqrt":
            inner = self.argument()
            return out + "√" + (inner if atomic(inner) else f"({inner})")
        if name in ("underbrace", "overbrace"):  # the braced term, then its label in parentheses
            inner = self.argument()
            self.skip_space()
            labelled = self.at < len(self.tokens) and self.tokens[self.at][2] in ("_", "^")
            self.at += labelled
            return out + inner + (f" ({self.argument().strip()})" if labelled else "")
        if name in ACCENTS:
            inner = self.argument()
            return out + (inner[:1] + ACCENTS[name] + inner[1:] if inner else "")
        if name == "mathbb":
            return out + "".join(BLACKBOARD.get(char, char) for char in self.raw_argument())
        if name in FONTS:
            return out + (self.raw_argument() if name.startswith("text") else self.argument())
        if name == "begin":
            self.raw_argument()
            return out + "{ "
        if name == "end":
            self.raw_argument()
            return out + " }"
        if name == "\\":
            return out + "; "
        if name in DROPPED:
            return out
        if name in ("sum", "prod"):
            return out + (" " if _ends_term(out) else "") + SYMBOLS[name]
        if name in SYMBOLS:
            return out + SYMBOLS[name]
        if name in GREEK:
            return out + GREEK[name]
        if name in RELATIONS:
            return out + f" {RELATIONS[name]} "
        if name in NAMED:
            return out + (" " if _ends_term(out) else "") + name + (" " if self.next_is_word() else "")
        return out + name  # an unknown command: its name, without the backslash


def _ends_term(out: str) -> bool:
    """Whether the text so far ends with a term that a following fraction or sum must not run into."""
    return bool(out) and (out[-1].isalnum() or out[-1] in ")]|" or unicodedata.category(out[-1]) == "Mn"
                          or out[-1] in _SUPER.values() or out[-1] in _SUB.values())


def script_text(inner: str, superscript: bool) -> str:
    """A superscript or subscript in Unicode where every character has one, else ^x, ^(…), _x or _(…)."""
    inner = inner.strip()
    table = _SUPER if superscript else _SUB
    word = len(inner) >= 3 and inner.isalpha()  # n_test, not nₜₑₛₜ
    if inner and not word and all(char in table for char in inner):
        return "".join(table[char] for char in inner)
    mark = "^" if superscript else "_"
    if len(inner) == 1 or (not superscript and inner.isalnum()):
        return mark + inner
    return f"{mark}({inner})"


def atomic(text: str) -> bool:
    """Whether `text` reads as one term next to a slash: a number, a symbol, (…), ∂x, a short word."""
    visible = [char for char in text if unicodedata.category(char) != "Mn"]
    core = "".join(char for char in visible if char not in _SUPER.values() and char not in _SUB.values())
    if not core or _NUMBER.fullmatch(core) or len(core) == 1:
        return True
    if core.startswith("(") and core.endswith(")") and _balanced(core[1:-1]):
        return True
    if core.startswith("|") and core.endswith("|") and core.count("|") == 2:
        return True
    if core.startswith("√"):
        return atomic(core[1:])
    if core.startswith("∂") and len(core) == 2:
        return True
    return core.isalpha() and core.isascii() and len(core) <= 3


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def fraction_text(numerator: str, denominator: str) -> str:
    """a/b, with parentheses around a part that is not one term; ½ and its kin where Unicode has them."""
    numerator, denominator = numerator.strip(), denominator.strip()
    if (numerator, denominator) in FRACTIONS:
        return FRACTIONS[(numerator, denominator)]
    top = numerator if atomic(numerator) or _is_product(numerator) else f"({numerator})"
    bottom = denominator if atomic(denominator) else f"({denominator})"
    return f"{top}/{bottom}"


def _is_product(text: str) -> bool:
    """A numerator without sums or spaces (2σ², e^z) needs no parentheses: a/b binds after it."""
    return not re.search(r"[\s+\-−=<>≈]", text)
