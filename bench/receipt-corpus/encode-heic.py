"""PNG on stdin to HEIC on stdout (HEVC, one image), for the receipt corpus's phone photos.

sharp's prebuilt libvips decodes HEIF but cannot encode HEVC (patents), so the corpus asks
pillow-heif (libheif + x265), installed into .venv from requirements-dev.txt.

    .venv/bin/python bench/receipt-corpus/encode-heic.py QUALITY < photo.png > photo.heic
"""

import io
import sys

from PIL import Image
from pillow_heif import register_heif_opener

register_heif_opener()
quality = int(sys.argv[1])
image = Image.open(io.BytesIO(sys.stdin.buffer.read())).convert("RGB")
output = io.BytesIO()
# No EXIF or XMP: nothing time- or machine-dependent in the file, so the same photo gives the same bytes.
image.save(output, format="HEIF", quality=quality)
sys.stdout.buffer.write(output.getvalue())
