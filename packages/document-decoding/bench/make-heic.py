import io, sys, pillow_heif
from PIL import Image
src = Image.open("functions/thumbnail/tests/fixtures/photos/coffee.jpg").convert("RGB")
w, h = int(sys.argv[1]), int(sys.argv[2])
big = src.resize((w, h), Image.Resampling.LANCZOS)
heif = pillow_heif.from_pillow(big)
heif.save(sys.argv[3], quality=80, chroma=420, tile_size=512)
print(sys.argv[3], w, h)
