extensions = ["sphinx_smtpcodes"]
language = "ko"
project = "메일 서비스 설명서"
copyright = "2026, 운영팀"
version = release = "1.0"
latex_engine = "xelatex"
latex_documents = [("index", "manual.tex", "메일 서비스 설명서", "운영팀", "manual")]
latex_elements = {
    "fontpkg": r"""
\setmainfont{Noto Serif CJK KR}
\setsansfont{Noto Sans CJK KR}
\setmonofont{Noto Sans Mono CJK KR}
""",
    "preamble": r"\XeTeXlinebreaklocale ""ko""",
}

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
