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
    # The KR faces of Noto CJK. Each .ttc file holds every region's face, and a
    # family name picks the first one (JP): name the file and the face's index.
    "fontpkg": r"""
\setmainfont{NotoSerifCJK-Regular.ttc}[FontIndex=1, BoldFont=NotoSerifCJK-Bold.ttc,
  BoldFeatures={FontIndex=1}]
\setsansfont{NotoSansCJK-Regular.ttc}[FontIndex=1, BoldFont=NotoSansCJK-Bold.ttc,
  BoldFeatures={FontIndex=1}]
\setmonofont{NotoSansCJK-Regular.ttc}[FontIndex=6]
""",
    # Sphinx knows no LaTeX language option for Korean; polyglossia does: Korean
    # chapter names ("제 1 장"), contents ("차례") and line breaking.
    "babel": "\\usepackage{polyglossia}\n\\setmainlanguage{korean}",
    "fncychap": "",
}

# The SMTP Code Index in the sidebar, next to the table of contents.
html_theme_options = {"extra_nav_links": {"SMTP 코드 색인": "smtp-codeindex.html"}}
