extensions = ["sphinx_smtpcodes"]
language = "ko"
project = "메일 서비스 설명서"
copyright = "2026, 운영팀"
version = release = "1.0"
latex_engine = "xelatex"
latex_documents = [("index", "manual.tex", "메일 서비스 설명서", "운영팀", "manual")]
# As in examples/ko/conf.py: the KR faces of Noto CJK (file and face index:
# a family name picks the collection's first face, JP), Korean captions.
latex_elements = {
    "fontpkg": r"""
\setmainfont{NotoSerifCJK-Regular.ttc}[FontIndex=1, BoldFont=NotoSerifCJK-Bold.ttc,
  BoldFeatures={FontIndex=1}]
\setsansfont{NotoSansCJK-Regular.ttc}[FontIndex=1, BoldFont=NotoSansCJK-Bold.ttc,
  BoldFeatures={FontIndex=1}]
\setmonofont{NotoSansCJK-Regular.ttc}[FontIndex=6]
""",
    "babel": "\\usepackage{polyglossia}\n\\setmainlanguage{korean}",
    "fncychap": "",
}

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
