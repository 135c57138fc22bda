package dev.barrage.dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * random_vl's images: random pixels, encoded as {@code data:image/...;base64,} URLs, as evalscope
 * generates them. A pool of at most {@link #MAX_POOL} distinct images is shared round-robin by the
 * prompts, so memory stays bounded (a 224x224 PNG of noise is about 200 KB of base64).
 */
final class RandomImages {
    static final int MAX_POOL = 64;

    private RandomImages() {
    }

    /**
     * @param format RGB or L (colour mode, PNG-encoded, evalscope's meaning), or PNG / JPEG
     */
    static List<String> pool(int width, int height, String format, int count, long seed, DatasetContext ctx) {
        String f = format.toUpperCase(Locale.ROOT);
        boolean gray = f.equals("L");
        String encoding = f.equals("JPEG") ? "jpeg" : "png";
        return ctx.parallel(Math.max(1, count), i -> dataUrl(width, height, gray, encoding,
                new SplittableRandom(seed ^ (0x632BE59BD9B4E019L * (i + 1)))));
    }

    static String dataUrl(int width, int height, boolean gray, String encoding, SplittableRandom rnd) {
        BufferedImage image = new BufferedImage(width, height, gray ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = rnd.nextInt(1 << 24);
                image.setRGB(x, y, gray ? (v & 0xFF) * 0x010101 : v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, encoding, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/" + encoding + ";base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
