"""예제 설명서(한국어): Postwerk 메일의 SMTP 문제 해결 안내서."""

project = "Postwerk 메일"
author = "Postwerk 운영팀"
copyright = "2026, Postwerk 운영팀"
version = release = "2026.11"
language = "ko"
extensions = ["sphinx_smtpcodes"]
exclude_patterns = ["_build"]
smtpcodes_registry_files = ["../registry/postwerk-ko.yaml"]

html_theme = "alabaster"
html_title = "Postwerk 메일 — SMTP 문제 해결"

# 한국어 PDF: XeLaTeX와 Noto CJK 글꼴(Debian: fonts-noto-cjk, texlive-xetex, xindy).
latex_engine = "xelatex"
latex_documents = [
    ("index", "smtp-troubleshooting-ko.tex", "SMTP 문제 해결 안내서", "Postwerk 운영팀", "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "extraclassoptions": "openany,oneside",
    "fontpkg": r"""
\setmainfont{Noto Serif CJK KR}
\setsansfont{Noto Sans CJK KR}
\setmonofont{Noto Sans Mono CJK KR}
""",
    # LaTeX has no Korean captions: name the chapters and contents ourselves.
    "fncychap": "",
    "preamble": r"""
\XeTeXlinebreaklocale "ko"
\XeTeXlinebreakskip = 0pt plus 1pt
\renewcommand{\chaptername}{}
\renewcommand{\contentsname}{목차}
""",
}

# The SMTP Code Index in the sidebar, next to the table of contents.
html_theme_options = {"extra_nav_links": {"SMTP 코드 색인": "smtp-codeindex.html"}}
