# Every target installs what it needs into .venv first, so a fresh clone needs only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE ?= samples/pdf_yindu.pdf

.PHONY: install run test lint bench samples schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,ocr]'
	@# OCR: rapidocr depends on opencv-python, which needs libGL (absent on a bare machine); both
	@# builds write the same cv2 package, so drop it and reinstall the headless one over it.
	$(BIN)/pip uninstall -q -y opencv-python
	$(BIN)/pip install -q --force-reinstall --no-deps opencv-python-headless
	$(BIN)/python -c "import cv2, jieba, rapidocr_onnxruntime"
	@# an editable install is not byte-compiled (and PYTHONDONTWRITEBYTECODE may forbid caching)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

install: $(STAMP)

## run: convert a bundled sample and check it against its golden file
run: $(STAMP)
	@mkdir -p out
	$(BIN)/qingdan-extract $(SAMPLE) -o out/$(basename $(notdir $(SAMPLE))).jsonl
	@head -c 400 out/$(basename $(notdir $(SAMPLE))).jsonl; echo " …"
	$(BIN)/qingdan-extract validate out/$(basename $(notdir $(SAMPLE))).jsonl golden/$(basename $(notdir $(SAMPLE))).jsonl

## test: format check, lint, type check, then the test suite (installs the Debian packages it uses)
test: $(STAMP) lint
	bash tools/system_deps.sh
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format --check src tests tools
	$(BIN)/ruff check src tests tools
	$(BIN)/mypy

## bench: our PDF path against pdfplumber's extract_tables on the same pages; OCR on every scanned page
bench: $(STAMP)
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_ocr.py

## samples: rebuild samples/ from the seeds (needs LibreOffice and CJK fonts)
samples: $(STAMP)
	$(BIN)/python tools/build_samples.py

schema: $(STAMP)
	$(BIN)/qingdan-extract schema > schemas/record.schema.json

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
